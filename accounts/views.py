"""One function per page. Each parses the request, calls one logic step, renders."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import devices, email_address, recovery, registration, selfservice
from .clients import client_of
from .code_sessions import CodeSession, EmailSession, ResetSession
from .codes import Purpose
from .decorators import email_verification_started, reset_started, throttle_post
from .emails import HELP_CONTACTS
from .forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CodeForm,
    ForgotPasswordForm,
    LoginForm,
    MemberDataForm,
    NewPasswordForm,
    RegistrationForm,
)
from .models import Member

PROGRAMMES = [
    ("JHT", "Jaminan Hari Tua"),
    ("JKK", "Jaminan Kecelakaan Kerja"),
    ("JK", "Jaminan Kematian"),
    ("JP", "Jaminan Pensiun"),
]


def _posted(request: HttpRequest):
    """The POST data to bind a form to; an empty POST still shows its errors."""
    return request.POST if request.method == "POST" else None


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@never_cache
@throttle_post("login", "JMO_IP_LOGIN_ATTEMPTS_PER_HOUR")
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(_posted(request))
    if form.is_valid():
        data = form.cleaned_data
        outcome = recovery.log_in(data["email"], data["password"], client_of(request))
        if outcome.member:
            auth_login(request, outcome.member)
            return redirect(_next_url(request))
        form.add_login_error(outcome.error)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("accounts:login")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"programmes": PROGRAMMES})


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("current_password", "new_password1", "new_password2")
@never_cache
@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(_posted(request))
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
    form = MemberDataForm(_posted(request), initial=initial)
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


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers (and the benchmark's bare-Django baseline): no database."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def help(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/help.html", {"help": HELP_CONTACTS})


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post("reset_request", "JMO_IP_RESET_REQUESTS_PER_HOUR")
def forgot_password(request: HttpRequest) -> HttpResponse:
    form = ForgotPasswordForm(_posted(request))
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
    form = CodeForm(_posted(request) if reset.attempts_left() else None)
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
    if _resend_allowed(request, reset):
        recovery.request_reset(reset.email, client_of(request))
        reset.start(reset.email)  # a new code: tries and any verified state reset
    return redirect("accounts:verify_code")


def _resend_allowed(request: HttpRequest, journey: CodeSession) -> bool:
    """Past the cool-down: True and a 'new code' message; else why not yet."""
    wait = journey.seconds_until_resend()
    if wait:
        messages.error(
            request,
            _("Wait %(seconds)d seconds before asking for a new code.")
            % {"seconds": wait},
        )
        return False
    messages.success(request, _("A new code is on its way. Check your email."))
    return True


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
    form = NewPasswordForm(_posted(request))
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


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@throttle_post("register", "JMO_IP_REGISTRATIONS_PER_HOUR")
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegistrationForm(_posted(request))
    if form.is_valid():
        data = form.cleaned_data
        outcome = registration.register(
            data["nik"],
            data["kpj_number"],
            data["date_of_birth"],
            data["email"],
            data["new_password1"],
            client_of(request),
        )
        if not outcome.error:
            EmailSession(request.session).start(
                data["email"],
                purpose=Purpose.EMAIL_VERIFICATION,
                nik=data["nik"],
                logged_in=False,
            )
            return redirect("accounts:verify_email")
        form.add_registration_error(outcome.error, outcome.retry_seconds)
    return render(request, "accounts/register.html", {"form": form})


@require_POST
@login_required
@throttle_post("reset_request", "JMO_IP_RESET_REQUESTS_PER_HOUR")
def start_email_verification(request: HttpRequest) -> HttpResponse:
    member = request.user
    if member.email_verified_at:
        return redirect("accounts:home")
    email_address.request_verification(member, client_of(request))
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
    form = ChangeEmailForm(_posted(request), current_email=member.email)
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
    form = CodeForm(_posted(request) if journey.attempts_left() else None)
    if request.method == "POST" and not journey.attempts_left():
        recovery.refuse_spent_session(journey.email, client_of(request))
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
    return registration.account_awaiting_code(journey.email, nik) if nik else None


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
    if _resend_allowed(request, journey):
        email_address.resend(
            journey.purpose, _member_of(journey), journey.email, client_of(request)
        )
        journey.restart()
    return redirect("accounts:verify_email")
