"""Lupa Kata Sandi: one view per step of the reset journey."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.core import journeys, limits
from accounts.core.clients import client_of
from accounts.core.forms import CodeForm, NewPasswordForm, ResendForm
from accounts.core.journeys import Outcome
from accounts.core.web import (
    JOURNEY_MESSAGES,
    new_session_binding,
    open_session,
    post_redirect_get,
    posted,
    remember_device,
    renew_session_key,
    report_resend,
    session_binding,
    throttle_post,
)

from . import reset
from .forms import ForgotPasswordForm


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
    journey = journeys.current(session_binding(request), reset.FLOW)
    if journey is None:
        return redirect("accounts:forgot_password")
    if journey.status == journeys.Status.COMPLETED:
        return redirect("accounts:reset_success")
    return TemplateResponse(
        request, "accounts/verify_code.html", _code_page(form, journey)
    )


def _code_page(form, journey) -> dict:
    return {
        "form": form,
        "journey": journey,
        "tries_left": journeys.tries_left(journey),
        "wait_seconds": journeys.seconds_until_resend(journey),
        "code_minutes": settings.JMO_CODE_TTL_SECONDS // 60,
    }


@require_POST
@never_cache
@reset_started
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
def resend_code(request: HttpRequest) -> HttpResponse:
    form = ResendForm(request.POST)
    round_seen = form.cleaned_data["round"] if form.is_valid() else None
    step = reset.resend_reset_code(
        session_binding(request), round_seen, client_of(request)
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
