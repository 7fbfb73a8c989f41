"""
What the views of every package share: the POST throttle, Post/Redirect/Get for
refused forms, the browser's binding to its journeys, and the journey messages.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpRequest
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from . import journeys, known_devices, limits
from .clients import client_ip, client_of
from .forms import ResendForm
from .journeys import Outcome

REFUSED_FORM_KEY = "refused_form"
# Marks a session opened for journeys; the journeys themselves live in the database.
JOURNEYS_KEY = "journeys"


def throttle_post(budget: limits.Budget):
    """Every POST draws from the client address's budget; past it, a 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                limits.draw(budget, limits.address_key(client_ip(request)))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def posted(request: HttpRequest):
    """The POST data to bind a form to; an empty POST still shows its errors."""
    return request.POST if request.method == "POST" else None


def next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else resolve_url(settings.LOGIN_REDIRECT_URL)


def post_redirect_get(*kept_fields: str):
    """
    A refused form answers its POST with a redirect to the same page, whose GET
    shows the errors: refresh and Back never post again (never a password again).
    Only the `kept_fields` are carried over, in the server-side session; the view
    renders with a TemplateResponse whose context has the form as "form".
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            form = _rendered_form(response)
            if form is None:
                return response
            if request.method == "POST" and form.is_bound and form.errors:
                request.session[REFUSED_FORM_KEY] = {
                    "path": request.path,
                    "data": {name: form.data.get(name, "") for name in kept_fields},
                    "errors": form.errors.get_json_data(),
                }
                return redirect(request.get_full_path())
            if request.method == "GET":
                _restore_refused(request, form)
            return response

        return wrapper

    return decorator


def _rendered_form(response):
    if not isinstance(response, TemplateResponse) or response.status_code != 200:
        return None
    return (response.context_data or {}).get("form")


def _restore_refused(request: HttpRequest, form) -> None:
    refused = request.session.get(REFUSED_FORM_KEY)
    if not refused or refused.get("path") != request.path:
        return
    del request.session[REFUSED_FORM_KEY]
    form.data, form.is_bound = refused["data"], True
    form._errors, form.cleaned_data = ErrorDict(), {}
    for field, errors in refused["errors"].items():
        for error in errors:
            message = ValidationError(error["message"], code=error["code"] or None)
            form.add_error(None if field == "__all__" else field, message)


def remember_device(request: HttpRequest, response, member):
    """
    Mark the browser as one the member proved themselves in (known_devices.py), once
    they logged in, completed a reset or verified a new account's address.
    """
    if member is None or client_of(request).device_member_pk == member.pk:
        return response
    response.set_cookie(
        known_devices.COOKIE_NAME,
        known_devices.new_cookie_value(member.pk),
        max_age=known_devices.MAX_AGE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def session_binding(request: HttpRequest) -> str:
    """
    The hash that binds this browser's journeys: of its session key, or of the key
    its cookie still carries when another request just replaced that session.
    """
    key = request.session.session_key or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME, ""
    )
    return journeys.session_hash(key) if key else ""


def open_session(request: HttpRequest) -> None:
    """
    Give the browser its session when it opens a page that starts a journey, so a
    double tap on the form sends both requests with one key (and they find one
    journey), not two requests that each open a session of their own.
    """
    if JOURNEYS_KEY not in request.session:
        request.session[JOURNEYS_KEY] = True


def new_session_binding(request: HttpRequest) -> str:
    """The binding for a journey about to start: the session must exist for it."""
    if not request.session.session_key:
        open_session(request)
        request.session.save()
    return journeys.session_hash(request.session.session_key)


def renew_session_key(request: HttpRequest, journey, change_key=None) -> None:
    """
    A code verified: the session gets a new key (a browser given a planted key
    cannot ride along) and the journey follows it. `change_key` does the renewing
    when logging in or renewing the auth hash does it anyway.
    """
    old = session_binding(request)
    if change_key is None:
        request.session.cycle_key()
    else:
        change_key()
    journeys.follow_new_session_key(journey, old, session_binding(request))


# What the code pages say for each outcome (one table for every journey).
JOURNEY_MESSAGES = {
    Outcome.WRONG_CODE: _("The code is wrong or no longer valid."),
    Outcome.REPLACED_CODE: _(
        "This code was replaced by a newer one. Use the code in the newest email."
    ),
    Outcome.TRIES_SPENT: _("Too many wrong codes. Ask for a new code."),
    Outcome.EXPIRED: _("The time to set a new password has run out. Start again."),
    Outcome.ENDED: _("This code can no longer be used. Start again."),
    # The same for every address: true whether a code goes out, a notice instead
    # (not eligible, address in use, code limit reached), or nothing (unknown).
    Outcome.DUPLICATE: _(
        "If a code can be sent to this address, a new one is on its way. It can "
        "take a minute to arrive; only the newest code works."
    ),
    Outcome.STARTED: _(
        "If a code can be sent to this address, a new one is on its way. It can "
        "take a minute to arrive; only the newest code works."
    ),
}


def report_resend(request: HttpRequest, step) -> None:
    """The message after "Kirim ulang kode", for each outcome of the restart."""
    if step.outcome is Outcome.WAIT:
        wait = journeys.seconds_until_resend(step.journey)
        text = _("Wait %(seconds)d seconds before asking for a new code.")
        messages.error(request, text % {"seconds": wait})
    elif step.outcome is Outcome.ENDED:
        messages.error(request, JOURNEY_MESSAGES[Outcome.ENDED])
    else:
        messages.success(request, JOURNEY_MESSAGES[step.outcome])


def retry_context(retry_after: int) -> dict:
    """What the 429 page says of when to try again, from its Retry-After seconds."""
    # Retry-After is rounded up to whole seconds, so the fraction of this one is
    # noise; the time is shown in minutes, never earlier than the budget reopens.
    ready = (timezone.now() + timedelta(seconds=retry_after)).replace(microsecond=0)
    if ready.second:
        ready = ready.replace(second=0) + timedelta(minutes=1)
    return {
        "retry_seconds": retry_after,
        "retry_minutes": (retry_after + 59) // 60,
        "retry_at": ready,
    }


def code_page(form, journey) -> dict:
    """What both code pages show: the form, the tries left and the resend countdown."""
    return {
        "form": form,
        "journey": journey,
        "tries_left": journeys.tries_left(journey),
        "wait_seconds": journeys.seconds_until_resend(journey),
        "code_minutes": settings.JMO_CODE_TTL_SECONDS // 60,
    }


def round_seen(request: HttpRequest) -> int | None:
    """The code round a "Kirim ulang kode" form was shown with, if it says one."""
    form = ResendForm(request.POST)
    return form.cleaned_data["round"] if form.is_valid() else None
