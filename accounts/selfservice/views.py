"""What a logged-in member does: home, data, password, email, devices."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.core import limits
from accounts.core.clients import client_of
from accounts.core.forms import CodeForm
from accounts.core.journeys import Outcome
from accounts.core.web import (
    JOURNEY_MESSAGES,
    code_page,
    new_session_binding,
    post_redirect_get,
    posted,
    remember_device,
    renew_session_key,
    report_resend,
    round_seen,
    session_binding,
    throttle_post,
)

from . import account as selfservice
from . import devices, email_address
from .forms import ChangeEmailForm, ChangePasswordForm, MemberDataForm


@dataclass(frozen=True)
class Programme:
    code: str
    name: str  # the programme's own name, the same in every language
    about: str

    @property
    def slug(self) -> str:
        return self.code.lower()


PROGRAMMES = [
    Programme(
        "JHT",
        "Jaminan Hari Tua",
        gettext_lazy(
            "Savings for your old age. You and your employer pay in every month; "
            "you receive the balance with its returns when you reach 56, stop "
            "working, or in some other cases."
        ),
    ),
    Programme(
        "JKK",
        "Jaminan Kecelakaan Kerja",
        gettext_lazy(
            "Protection if you have an accident at work or on the way to or from "
            "work, or fall ill because of your work: treatment as medically "
            "needed, your pay while you cannot work, and compensation."
        ),
    ),
    Programme(
        "JK",
        "Jaminan Kematian",
        gettext_lazy(
            "Money for your family if you die from a cause other than a work "
            "accident, including the funeral costs and, under some conditions, "
            "school grants for your children."
        ),
    ),
    Programme(
        "JP",
        "Jaminan Pensiun",
        gettext_lazy(
            "A monthly pension from retirement age, for you or, if you die, for "
            "your spouse and children. It needs at least 15 years of "
            "contributions; with fewer, they are paid back to you with their "
            "returns."
        ),
    ),
]


@require_GET
@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/home.html", {"programmes": PROGRAMMES})


@require_GET
@login_required
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    """What one programme is, in a sentence or two; the balance is in the JMO app."""
    chosen = next((each for each in PROGRAMMES if each.slug == slug), None)
    if chosen is None:
        raise Http404
    context = {"programme": chosen}
    return TemplateResponse(request, "accounts/programme.html", context)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("current_password", "new_password1", "new_password2")
@never_cache
@login_required
@post_redirect_get()
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        error = selfservice.change_password(
            request.user,
            data["current_password"],
            data["new_password1"],
            client_of(request),
            request.session.session_key,
        )
        if not error:
            update_session_auth_hash(request, request.user)  # this session stays
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:home")
        form.add_current_password_error(error)
    return TemplateResponse(request, "accounts/change_password.html", {"form": form})


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
@post_redirect_get("phone", "address", "confirm")
def update_data(request: HttpRequest) -> HttpResponse:
    member = request.user
    initial = {"phone": member.phone, "address": member.address}
    form = MemberDataForm(posted(request), initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        selfservice.update_member_data(
            member, data["phone"], data["address"], client_of(request)
        )
        messages.success(request, _("Thank you, your data is up to date."))
        return redirect("accounts:home")
    return TemplateResponse(request, "accounts/update_data.html", {"form": form})


@require_GET
@never_cache
@login_required
def devices_list(request: HttpRequest) -> HttpResponse:
    rows = devices.active_devices(request.user, request.session.session_key)
    return TemplateResponse(request, "accounts/devices.html", {"devices": rows})


@require_POST
@login_required
def end_other_devices(request: HttpRequest) -> HttpResponse:
    member = request.user
    devices.end_other_sessions(member, request.session.session_key, client_of(request))
    update_session_auth_hash(request, member)  # this device stays logged in
    messages.success(request, _("You have been logged out on your other devices."))
    return redirect("accounts:devices")


@require_POST
@login_required
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
def start_email_verification(request: HttpRequest) -> HttpResponse:
    member = request.user
    if member.email_verified_at:
        return redirect("accounts:home")
    binding = new_session_binding(request)
    email_address.start_verification(binding, member, client_of(request))
    return redirect("accounts:verify_email")


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("current_password")
@never_cache
@login_required
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
@post_redirect_get("email")
def change_email(request: HttpRequest) -> HttpResponse:
    member = request.user
    form = ChangeEmailForm(posted(request), current_email=member.email)
    if form.is_valid():
        data = form.cleaned_data
        client = client_of(request)
        error = selfservice.check_current_password(
            member, data["current_password"], client
        )
        if not error:
            binding = new_session_binding(request)
            email_address.start_change(binding, member, data["email"], client)
            return redirect("accounts:verify_email")
        form.add_current_password_error(error)
    return TemplateResponse(request, "accounts/change_email.html", {"form": form})


EMAIL_CONFIRMED_MESSAGES = {
    email_address.Purpose.EMAIL_VERIFICATION: gettext_lazy(
        "Your email address has been verified."
    ),
    email_address.Purpose.EMAIL_CHANGE: gettext_lazy(
        "Your account now uses the new email address."
    ),
}


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code")
@never_cache
@throttle_post(limits.CODE_ENTRIES_PER_ADDRESS)
@post_redirect_get()
def verify_email(request: HttpRequest) -> HttpResponse:
    form = CodeForm(posted(request))
    if form.is_valid():
        step = email_address.confirm_code(
            session_binding(request),
            form.cleaned_data["code"],
            client_of(request),
            acting_pk=request.user.pk,
            session_key=request.session.session_key or "",
        )
        if step.outcome is Outcome.COMPLETED:
            return _email_confirmed(request, step)
        if step.outcome is Outcome.ADDRESS_TAKEN:
            messages.error(
                request, _("This email address is already used by another account.")
            )
            return redirect("accounts:change_email")
        form.add_error("code", JOURNEY_MESSAGES[step.outcome])
    step = email_address.email_step(session_binding(request), request.user.pk)
    if step.outcome is Outcome.ENDED:
        return redirect(
            "accounts:home" if request.user.is_authenticated else "accounts:login"
        )
    if step.outcome is Outcome.COMPLETED:
        return redirect(_page_after_confirmation(step.member))
    context = code_page(form, step.journey)
    return TemplateResponse(request, "accounts/verify_email.html", context)


def _email_confirmed(request: HttpRequest, step) -> HttpResponse:
    """The session renews its key (logging in after "Daftar") and moves on."""
    member = step.member
    if request.user.pk == member.pk:
        renew = lambda: update_session_auth_hash(request, member)  # noqa: E731
    else:  # after "Daftar", or the twin of a request that renewed the key already
        renew = lambda: auth_login(request, member)  # noqa: E731
    renew_session_key(request, step.journey, change_key=renew)
    messages.success(request, EMAIL_CONFIRMED_MESSAGES[step.journey.purpose])
    return remember_device(request, redirect(_page_after_confirmation(member)), member)


def _page_after_confirmation(member) -> str:
    if member is None or member.data_updated_at is None:
        return "accounts:update_data"
    return "accounts:home"


@require_POST
@never_cache
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
def resend_email_code(request: HttpRequest) -> HttpResponse:
    step = email_address.resend(
        session_binding(request), round_seen(request), client_of(request)
    )
    report_resend(request, step)
    return redirect("accounts:verify_email")
