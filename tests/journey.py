"""Walk the steps of the journey in the Django test client, for the view tests."""

import re

from django.urls import reverse

from accounts.core.identity import masked_email

from .conftest import read_code

FORGOT = reverse("accounts:forgot_password")
VERIFY = reverse("accounts:verify_code")
RESEND = reverse("accounts:resend_code")
SET_PASSWORD = reverse("accounts:set_password")
SUCCESS = reverse("accounts:reset_success")
LOGIN = reverse("accounts:login")
HOME = reverse("accounts:home")
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
REGISTER = reverse("accounts:register")
VERIFY_EMAIL = reverse("accounts:verify_email")
RESEND_EMAIL_CODE = reverse("accounts:resend_email_code")
CHANGE_EMAIL = reverse("accounts:change_email")
UPDATE_DATA = reverse("accounts:update_data")


def request_code(client, email):
    return client.post(FORGOT, {"email": email})


def enter_code(client, code):
    return client.post(VERIFY, {"code": code})


def set_new_password(client, password, repeat=None):
    data = {"new_password1": password, "new_password2": repeat or password}
    return client.post(SET_PASSWORD, data)


def verify_by_email(client, email, mailbox):
    """Request a code, read it from the email and enter it."""
    request_code(client, email)
    return enter_code(client, read_code(mailbox))


def log_in(client, email, password):
    return client.post(LOGIN, {"email": email, "password": password})


def register(client, participant, email, password="Pakai001", **changes):
    data = {
        "nik": participant.nik,
        "kpj_number": participant.kpj_number,
        "date_of_birth": participant.date_of_birth.isoformat(),
        "email": email,
        "new_password1": password,
        "new_password2": password,
        **changes,
    }
    return client.post(REGISTER, data)


def enter_email_code(client, code):
    return client.post(VERIFY_EMAIL, {"code": code})


def normalised(response, email):
    body = CSRF_VALUE.sub('name="csrfmiddlewaretoken" value=""', response.text)
    body = body.replace(email, "EMAIL").replace(masked_email(email), "EMAIL")
    return response.status_code, response.get("Location"), body
