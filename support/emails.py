"""One small function per Pemulihan Akun email (accounts/core/emails.py's scheme)."""

from django.conf import settings
from django.utils.translation import gettext

from accounts.core.emails import absolute_url, format_wib, make_message
from accounts.core.identity import masked_email

from .models import RecoveryRequest


def send_email_code(to: str, code: str) -> None:
    context = {
        "code": code,
        "minutes": settings.JMO_CODE_TTL_SECONDS // 60,
        "link": absolute_url("support:verify_email"),
    }
    make_message("recovery_email_code", to, context).send()


def send_request_notice(request: RecoveryRequest, token: str) -> None:
    """To the registered address: someone asks to move the account elsewhere."""
    context = {
        "member": request.member,
        "number": request.number,
        "new_email": masked_email(request.new_email),
        "wait_until": format_wib(request.wait_until),
        "cancel_url": absolute_url("support:cancel", token=token),
    }
    make_message("recovery_requested", request.old_email, context).send()


def send_approved(request: RecoveryRequest) -> None:
    """To the new address: it is the account's address now; what to do next."""
    context = {
        "member": request.member,
        "number": request.number,
        "email": request.new_email,
        "forgot_url": absolute_url("accounts:forgot_password"),
    }
    make_message("recovery_approved", request.new_email, context).send()


def send_applied_to_old(request: RecoveryRequest) -> None:
    """To the old address: the account moved to the (masked) new one."""
    context = {
        "member": request.member,
        "number": request.number,
        "new_email": masked_email(request.new_email),
    }
    make_message("recovery_applied", request.old_email, context).send()


def send_rejected(request: RecoveryRequest) -> None:
    """To the new address: the request was rejected, and why."""
    reason = RecoveryRequest.RejectReason(request.decision_reason)
    why = request.decision_note if reason == reason.OTHER else gettext(reason.label)
    context = {
        "number": request.number,
        "why": why,
        "form_url": absolute_url("support:start"),
    }
    make_message("recovery_rejected", request.new_email, context).send()


def send_closed(request: RecoveryRequest) -> None:
    """To the new address: the request ended without a decision, and why."""
    if request.status == RecoveryRequest.Status.CANCELLED:
        why = gettext("the owner of the registered email address said it was not them")
    else:
        days = settings.JMO_RECOVERY_EXPIRY_DAYS
        why = gettext("it could not be checked within %(days)d days") % {"days": days}
    context = {
        "number": request.number,
        "why": why,
        "form_url": absolute_url("support:start"),
    }
    make_message("recovery_closed", request.new_email, context).send()
