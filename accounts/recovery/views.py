"""Lupa Kata Sandi: one view per step of the reset journey."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.core.clients import client_of
from accounts.core.code_sessions import ResetSession
from accounts.core.forms import CodeForm, NewPasswordForm
from accounts.core.web import posted, resend_allowed, throttle_post

from . import reset as recovery
from .forms import ForgotPasswordForm


def reset_started(view):
    """Send the browser back to the start when it has no reset under way."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not ResetSession(request.session).email:
            return redirect("accounts:forgot_password")
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post("reset_request", "JMO_IP_RESET_REQUESTS_PER_HOUR")
def forgot_password(request: HttpRequest) -> HttpResponse:
    form = ForgotPasswordForm(posted(request))
    if form.is_valid():
        email = form.cleaned_data["email"]
        recovery.request_reset(email, client_of(request))
        ResetSession(request.session).start(email)
        return redirect("accounts:verify_code")
    return render(request, "accounts/forgot_password.html", {"form": form})


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code")
@never_cache
@reset_started
@throttle_post("code_attempt", "JMO_IP_CODE_ATTEMPTS_PER_HOUR")
def verify_code(request: HttpRequest) -> HttpResponse:
    reset = ResetSession(request.session)
    # Once the session's tries are spent, nothing more is checked until a new code.
    form = CodeForm(posted(request) if reset.attempts_left() else None)
    if request.method == "POST" and not reset.attempts_left():
        recovery.refuse_spent_session(reset.email, client_of(request))
    if form.is_valid():
        code_pk = recovery.verify_reset_code(
            reset.email, form.cleaned_data["code"], client_of(request)
        )
        if code_pk is not None:
            reset.mark_verified(code_pk)
            return redirect("accounts:set_password")
        reset.record_wrong_attempt()
        form.add_error("code", _("The code is wrong or no longer valid."))
    minutes = settings.JMO_CODE_TTL_SECONDS // 60
    context = {"form": form, "reset": reset, "code_minutes": minutes}
    return render(request, "accounts/verify_code.html", context)


@require_POST
@never_cache
@reset_started
@throttle_post("reset_request", "JMO_IP_RESET_REQUESTS_PER_HOUR")
def resend_code(request: HttpRequest) -> HttpResponse:
    reset = ResetSession(request.session)
    if resend_allowed(request, reset):
        recovery.request_reset(reset.email, client_of(request))
        reset.start(reset.email)  # a new code: tries and any verified state reset
    return redirect("accounts:verify_code")


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def set_password(request: HttpRequest) -> HttpResponse:
    reset = ResetSession(request.session)
    code_pk = reset.verified_code_pk()
    if code_pk is None:
        messages.error(
            request, _("The time to set a new password has run out. Start again.")
        )
        return redirect("accounts:forgot_password")
    form = NewPasswordForm(posted(request))
    if form.is_valid():
        password = form.cleaned_data["new_password1"]
        if not recovery.complete_reset(code_pk, password, client_of(request)):
            messages.error(request, _("This code has already been used. Start again."))
            return redirect("accounts:forgot_password")
        reset.finish()
        return redirect("accounts:reset_success")
    context = {"form": form, "email": reset.email}
    return render(request, "accounts/set_password.html", context)


@require_GET
def reset_success(request: HttpRequest) -> HttpResponse:
    if not ResetSession(request.session).pop_done():
        return redirect("accounts:login")
    return render(request, "accounts/reset_success.html")
