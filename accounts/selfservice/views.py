"""What a logged-in member does: home, data, password, email, devices."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.core.clients import client_of
from accounts.core.code_sessions import EmailSession
from accounts.core.codes import Purpose
from accounts.core.email_codes import request_verification
from accounts.core.forms import CodeForm
from accounts.core.web import posted, resend_allowed, throttle_post
from accounts.models import Member
from accounts.recovery.reset import refuse_spent_session
from accounts.registration.register import account_awaiting_code

from . import account as selfservice
from . import devices, email_address
from .forms import ChangeEmailForm, ChangePasswordForm, MemberDataForm


def email_verification_started(view):
    """
    An email verification must be under way in this session; one started while
    logged in continues only for that same member.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        journey = EmailSession(request.session)
        if not journey.email:
            return redirect("accounts:home")
        if journey.state.get("logged_in") and request.user.pk != journey.member_pk:
            journey.clear()
            return redirect("accounts:login")
        return view(request, *args, **kwargs)

    return wrapper


PROGRAMMES = [
    ("JHT", "Jaminan Hari Tua"),
    ("JKK", "Jaminan Kecelakaan Kerja"),
    ("JK", "Jaminan Kematian"),
    ("JP", "Jaminan Pensiun"),
]


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"programmes": PROGRAMMES})


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("current_password", "new_password1", "new_password2")
@never_cache
@login_required
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
    return render(request, "accounts/change_password.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
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
    return render(request, "accounts/update_data.html", {"form": form})


@require_GET
@login_required
def devices_list(request: HttpRequest) -> HttpResponse:
    rows = devices.active_devices(request.user, request.session.session_key)
    return render(request, "accounts/devices.html", {"devices": rows})


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
@throttle_post("reset_request", "JMO_IP_RESET_REQUESTS_PER_HOUR")
def start_email_verification(request: HttpRequest) -> HttpResponse:
    member = request.user
    if member.email_verified_at:
        return redirect("accounts:home")
    request_verification(member, client_of(request))
    EmailSession(request.session).start(
        member.email,
        purpose=Purpose.EMAIL_VERIFICATION,
        member_pk=member.pk,
        logged_in=True,
    )
    return redirect("accounts:verify_email")


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("current_password")
@never_cache
@login_required
@throttle_post("reset_request", "JMO_IP_RESET_REQUESTS_PER_HOUR")
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
            email_address.request_change(member, data["email"], client)
            EmailSession(request.session).start(
                data["email"],
                purpose=Purpose.EMAIL_CHANGE,
                member_pk=member.pk,
                logged_in=True,
            )
            return redirect("accounts:verify_email")
        form.add_current_password_error(error)
    return render(request, "accounts/change_email.html", {"form": form})


EMAIL_CONFIRMED_MESSAGES = {
    Purpose.EMAIL_VERIFICATION: gettext_lazy("Your email address has been verified."),
    Purpose.EMAIL_CHANGE: gettext_lazy("Your account now uses the new email address."),
}


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code")
@never_cache
@email_verification_started
@throttle_post("code_attempt", "JMO_IP_CODE_ATTEMPTS_PER_HOUR")
def verify_email(request: HttpRequest) -> HttpResponse:
    journey = EmailSession(request.session)
    form = CodeForm(posted(request) if journey.attempts_left() else None)
    if request.method == "POST" and not journey.attempts_left():
        refuse_spent_session(journey.email, client_of(request))
    if form.is_valid():
        outcome = email_address.confirm(
            _member_of(journey),
            journey.purpose,
            journey.email,
            form.cleaned_data["code"],
            client_of(request),
        )
        if outcome.member:
            return _email_confirmed(request, journey, outcome.member)
        if outcome.error == "address_taken":
            journey.clear()
            messages.error(
                request, _("This email address is already used by another account.")
            )
            return redirect("accounts:change_email")
        journey.record_wrong_attempt()
        form.add_error("code", _("The code is wrong or no longer valid."))
    minutes = settings.JMO_CODE_TTL_SECONDS // 60
    context = {"form": form, "journey": journey, "code_minutes": minutes}
    return render(request, "accounts/verify_email.html", context)


def _member_of(journey: EmailSession) -> Member | None:
    """The member whose address is being verified; None if it belongs to another."""
    if journey.member_pk:
        return Member.objects.filter(pk=journey.member_pk).first()
    nik = journey.state.get("nik")
    return account_awaiting_code(journey.email, nik) if nik else None


def _email_confirmed(
    request: HttpRequest, journey: EmailSession, member: Member
) -> HttpResponse:
    purpose = journey.purpose
    journey.clear()
    messages.success(request, EMAIL_CONFIRMED_MESSAGES[purpose])
    if not request.user.is_authenticated:  # just registered in this browser
        auth_login(request, member)
    if member.data_updated_at is None:
        return redirect("accounts:update_data")
    return redirect("accounts:home")


@require_POST
@never_cache
@email_verification_started
@throttle_post("reset_request", "JMO_IP_RESET_REQUESTS_PER_HOUR")
def resend_email_code(request: HttpRequest) -> HttpResponse:
    journey = EmailSession(request.session)
    if resend_allowed(request, journey):
        email_address.resend(
            journey.purpose, _member_of(journey), journey.email, client_of(request)
        )
        journey.restart()
    return redirect("accounts:verify_email")
