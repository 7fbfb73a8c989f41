"""Lupa Kata Sandi and Lupa Akun: one view per step of the reset journey."""

from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.core import journeys, limits
from accounts.core.clients import client_of
from accounts.core.emails import HELP_CONTACTS
from accounts.core.forms import CodeForm, NewPasswordForm
from accounts.core.identity import masked_email
from accounts.core.journeys import Outcome
from accounts.core.web import (
    JOURNEY_MESSAGES,
    code_page,
    new_session_binding,
    open_session,
    post_redirect_get,
    posted,
    remember_device,
    renew_session_key,
    report_resend,
    round_seen,
    session_binding,
    throttle_post,
)

from . import find_account, reset
from .forms import FindAccountForm, ForgotPasswordForm

# The signed token of the account "Cari Akun" found (find_account.py), until "Kirim
# Kode"; it names the member only, and lapses after 10 minutes.
FOUND_ACCOUNT_KEY = "found_account"


def reset_started(view):
    """Send the browser back to the start when it has no reset journey."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if journeys.current(session_binding(request), reset.FLOW) is None:
            return redirect("accounts:forgot_password")
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
@post_redirect_get("email")
def forgot_password(request: HttpRequest) -> HttpResponse:
    open_session(request)
    # The login page's "Lupa Kata Sandi" link carries the email typed there.
    carried = {"email": request.GET.get("email", "")[:254]}
    form = ForgotPasswordForm(posted(request), initial=carried)
    if form.is_valid():
        email = form.cleaned_data["email"]
        reset.start_reset(new_session_binding(request), email, client_of(request))
        return redirect("accounts:verify_code")
    return TemplateResponse(request, "accounts/forgot_password.html", {"form": form})


# Where each outcome of a code entry leads; the others stay on the code page.
CODE_OUTCOME_PAGES = {
    Outcome.VERIFIED: "accounts:set_password",
    Outcome.COMPLETED: "accounts:reset_success",
}


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code")
@never_cache
@throttle_post(limits.CODE_ENTRIES_PER_ADDRESS)
@post_redirect_get()
def verify_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(posted(request))
    journey = None
    if form.is_valid():
        code = form.cleaned_data["code"]
        step = reset.verify_reset_code(
            session_binding(request), code, client_of(request)
        )
        if step.outcome is Outcome.VERIFIED:
            renew_session_key(request, step.journey)
        if step.outcome in CODE_OUTCOME_PAGES:
            return redirect(CODE_OUTCOME_PAGES[step.outcome])
        form.add_error("code", JOURNEY_MESSAGES[step.outcome])
        journey = step.journey  # a refused code: its journey, just read
    journey = journey or journeys.current(session_binding(request), reset.FLOW)
    if journey is None:
        return redirect("accounts:forgot_password")
    if journey.status == journeys.Status.COMPLETED:
        return redirect("accounts:reset_success")
    return TemplateResponse(
        request, "accounts/verify_code.html", code_page(form, journey)
    )


@require_POST
@never_cache
@reset_started
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
def resend_code(request: HttpRequest) -> HttpResponse:
    step = reset.resend_reset_code(
        session_binding(request), round_seen(request), client_of(request)
    )
    report_resend(request, step)
    return redirect("accounts:verify_code")


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@post_redirect_get()
def set_password(request: HttpRequest) -> HttpResponse:
    step = reset.password_step(session_binding(request))
    form = NewPasswordForm(posted(request))
    if step.outcome is Outcome.VERIFIED and form.is_valid():
        password = form.cleaned_data["new_password1"]
        step = reset.complete_reset(
            session_binding(request), password, client_of(request)
        )
    if step.outcome is Outcome.COMPLETED:
        success = redirect("accounts:reset_success")
        return remember_device(request, success, step.journey.member)
    if step.outcome is not Outcome.VERIFIED:
        messages.error(request, JOURNEY_MESSAGES[step.outcome])
        return redirect("accounts:forgot_password")
    context = {"form": form, "email": step.journey.email}
    return TemplateResponse(request, "accounts/set_password.html", context)


@require_GET
@never_cache
def reset_success(request: HttpRequest) -> HttpResponse:
    if not reset.reset_completed(session_binding(request)):
        return redirect("accounts:login")
    return TemplateResponse(request, "accounts/reset_success.html")


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post(limits.FIND_ACCOUNT_PER_ADDRESS)
@post_redirect_get("kpj_number", "nik", "date_of_birth")
def forgot_account(request: HttpRequest) -> HttpResponse:
    """Lupa Akun: "Cari Akun" with the KPJ number, NIK and date of birth."""
    open_session(request)
    form = FindAccountForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        request.session.pop(FOUND_ACCOUNT_KEY, None)  # a new search forgets the last
        lookup = find_account.find_account(
            new_session_binding(request),
            data["nik"],
            data["kpj_number"],
            data["date_of_birth"],
            client_of(request),
        )
        if lookup.outcome is find_account.Found.FOUND:
            request.session[FOUND_ACCOUNT_KEY] = lookup.token
            return redirect("accounts:account_found")
        form.add_lookup_error(lookup.outcome, lookup.retry_seconds)
    return TemplateResponse(request, "accounts/find_account.html", {"form": form})


# The found page opened after its 10 minutes, or after the account changed.
FIND_AGAIN = _("The search has expired. Find your account again.")


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
def account_found(request: HttpRequest) -> HttpResponse:
    """The account "Cari Akun" found, masked; "Kirim Kode" starts the reset."""
    token = request.session.get(FOUND_ACCOUNT_KEY, "")
    if request.method == "POST":
        binding = new_session_binding(request)
        if find_account.send_code(binding, token, client_of(request)) is not None:
            return redirect("accounts:verify_code")
        return redirect("accounts:account_found")  # its GET says why not
    member = find_account.found_account(token)
    if member is None:
        if token:
            messages.error(request, FIND_AGAIN)
        return redirect("accounts:forgot_account")
    context = {
        "email": masked_email(member.email),
        "can_receive_code": find_account.can_receive_code(member),
        "email_verified": member.email_verified_at is not None,
        "call_centre": HELP_CONTACTS["call_centre"],
    }
    return TemplateResponse(request, "accounts/account_found.html", context)
