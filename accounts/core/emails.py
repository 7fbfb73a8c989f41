"""One small function per email; each renders subject, text and HTML templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accounts.models import Member, VerificationCode

HELP_CONTACTS = {
    "call_centre": "175",
    "email": "care@bpjsketenagakerjaan.go.id",
    "twitter": "@bpjstkinfo",
    "facebook": "BPJS Ketenagakerjaan",
}


def make_message(name: str, to: str, context: dict) -> EmailMultiAlternatives:
    context = {"help": HELP_CONTACTS, **context}
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject="".join(subject.splitlines()).strip(),
        body=render_to_string(f"emails/{name}_body.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"emails/{name}_body.html", context), "text/html"
    )
    return message


def send_reset_code(member: Member, code: str) -> None:
    minutes = settings.JMO_CODE_TTL_SECONDS // 60
    context = {"member": member, "code": code, "minutes": minutes}
    make_message("reset_code", member.email, context).send()


def send_not_eligible(member: Member) -> None:
    make_message("not_eligible", member.email, {"member": member}).send()


def send_password_changed(member: Member) -> None:
    make_message("password_changed", member.email, {"member": member}).send()


def send_email_code(member: Member, purpose: str, code: str, to: str) -> None:
    minutes = settings.JMO_CODE_TTL_SECONDS // 60
    context = {
        "member": member,
        "code": code,
        "minutes": minutes,
        "change": purpose == VerificationCode.Purpose.EMAIL_CHANGE,
    }
    make_message("email_code", to, context).send()


def send_email_in_use(owner: Member) -> None:
    make_message("email_in_use", owner.email, {"member": owner}).send()


def send_email_changed(member: Member, old_email: str) -> None:
    make_message("email_changed", old_email, {"member": member}).send()


# What an operator's change notice says for each kind of change (operators.py).
OPERATOR_CHANGE_TEXTS = {
    "email": _("the email address of the account was changed"),
    "password": _("a new password was set"),
    "unlocked": _("the account was unlocked"),
    "email_verified": _("the email address was marked as verified"),
    "data_updated": _("your data was marked as up to date"),
    "active": _("the account was switched on or off"),
    "code_sent": _("a password-reset code was sent to your email"),
}


def send_operator_change(member: Member, changes: list, to: str) -> None:
    lines = [OPERATOR_CHANGE_TEXTS[change] for change in changes]
    context = {"member": member, "changes": lines}
    make_message("operator_change", to, context).send()
