"""Daftar: a worker in the registry opens an account."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.core import limits
from accounts.core.clients import client_of
from accounts.core.journeys import Outcome
from accounts.core.web import (
    JOURNEY_MESSAGES,
    new_session_binding,
    open_session,
    post_redirect_get,
    posted,
    session_binding,
    throttle_post,
)

from . import correction
from . import register as registration
from .forms import CorrectEmailForm, RegistrationForm


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@throttle_post(limits.REGISTRATIONS_PER_ADDRESS)
@post_redirect_get("nik", "kpj_number", "date_of_birth", "email")
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    open_session(request)
    form = RegistrationForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        outcome = registration.register(
            new_session_binding(request),
            data["nik"],
            data["kpj_number"],
            data["date_of_birth"],
            data["email"],
            data["new_password1"],
            client_of(request),
        )
        if not outcome.error:
            return redirect("accounts:verify_email")
        form.add_registration_error(outcome.error, outcome.retry_seconds)
    return TemplateResponse(request, "accounts/register.html", {"form": form})


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
@post_redirect_get("email")
def correct_email(request: HttpRequest) -> HttpResponse:
    """ "Salah alamat email?" from Verifikasi Email after "Daftar"."""
    form = CorrectEmailForm(posted(request))
    if form.is_valid():
        step = correction.correct_address(
            session_binding(request), form.cleaned_data["email"], client_of(request)
        )
        if step.outcome is not Outcome.ENDED:
            messages.success(request, JOURNEY_MESSAGES[Outcome.STARTED])
        return redirect("accounts:verify_email")
    journey = correction.correctable(session_binding(request))
    if journey is None:
        return redirect("accounts:verify_email")
    context = {"form": form, "journey": journey}
    return TemplateResponse(request, "accounts/correct_email.html", context)
