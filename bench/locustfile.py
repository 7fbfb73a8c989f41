"""
Complete member journeys for Locust: request a code, read it from the mail, verify,
set a new password, log in, open the home page. Each journey has its own cookies and
its own demo member. Every request is also appended to BENCH_RECORDS_FILE as
"epoch,step,milliseconds,ok" for the plot.
"""

import itertools
import os
import time

import gevent
from locust import HttpUser, constant, events, task

CODES_FILE = os.environ["BENCH_CODES_FILE"]
RECORDS = open(os.environ["BENCH_RECORDS_FILE"], "a", buffering=1)
MEMBER_NUMBERS = itertools.count(int(os.environ.get("BENCH_FIRST_MEMBER", "0")))
CODE_WAIT_SECONDS = 30


@events.request.add_listener
def record(request_type, name, response_time, exception, **kwargs):
    ok = int(exception is None)
    RECORDS.write(f"{time.time():.3f},{name},{response_time:.2f},{ok}\n")


class Mailbox:
    """Reads the codes the SMTP sink wrote, as they arrive."""

    def __init__(self):
        self.file = open(CODES_FILE)
        self.codes = {}

    def code_for(self, email):
        deadline = time.monotonic() + CODE_WAIT_SECONDS
        while time.monotonic() < deadline:
            for line in self.file.readlines():
                recipient, code = line.split()
                self.codes[recipient] = code
            if email in self.codes:
                return self.codes.pop(email)
            gevent.sleep(0.005)
        return None


MAILBOX = Mailbox()


class MemberJourney(HttpUser):
    """Our journey; AllauthJourney walks the same one through the allauth peer."""

    wait_time = constant(0)
    forgot_path = "/forgot-password/"
    code_path = "/forgot-password/code/"
    new_password_path = "/forgot-password/new-password/"
    login_path = "/login/"

    def new_password_form(self, password):
        return {"new_password1": password, "new_password2": password}

    def login_form(self, email, password):
        return {"email": email, "password": password}

    def post(self, path, data, step):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken")}
        with self.client.post(
            path, data, name=step, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"{step}: status {response.status_code}")
            return response

    @task
    def journey(self):
        started = time.perf_counter()
        number = next(MEMBER_NUMBERS)
        email, password = f"demo{number}@example.com", f"Bp{number:06d}x"
        self.client.cookies.clear()
        self.client.get("/healthz/", name="bare_django")
        self.client.get(self.forgot_path, name="forgot_password_page")
        self.post(self.forgot_path, {"email": email}, "request_code")
        answered = time.perf_counter()
        code = MAILBOX.code_for(email)
        if code is not None:  # from the page's answer to the code in the mailbox
            record(
                "MAIL", "code_in_mailbox", (time.perf_counter() - answered) * 1000, None
            )
        if code is None:
            events.request.fire(
                request_type="MAIL",
                name="code_email",
                response_time=0,
                response_length=0,
                exception=TimeoutError(email),
                context={},
            )
            return
        self.post(self.code_path, {"code": code}, "verify_code")
        new = self.new_password_form(password)
        self.post(self.new_password_path, new, "set_password")
        self.post(self.login_path, self.login_form(email, password), "login")
        self.client.get("/", name="home")
        events.request.fire(
            request_type="JOURNEY",
            name="journey",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=None,
            context={},
        )


class AllauthJourney(MemberJourney):
    """The same journey through django-allauth's reset by code (bench/allauth_peer)."""

    forgot_path = "/accounts/password/reset/"
    code_path = "/accounts/password/reset/confirm/"
    new_password_path = "/accounts/password/reset/complete/"
    login_path = "/accounts/login/"

    def new_password_form(self, password):
        return {"password1": password, "password2": password}

    def login_form(self, email, password):
        return {"login": email, "password": password}
