"""
One small function per email; each renders subject, text and HTML templates.

Every email says when it was sent (Jakarta time, WIB) and links back to the site with
absolute URLs built from JMO_SITE_URL, never from a request's Host header: a client
chooses that header, and a link in a mail must not point wherever it says.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Member, VerificationCode

HELP_CONTACTS = {
    "call_centre": "175",
    "email": "care@bpjsketenagakerjaan.go.id",
    "twitter": "@bpjstkinfo",
    "facebook": "BPJS Ketenagakerjaan",
}
# WIB, whatever zone the server runs in: the members' clock.
JAKARTA = ZoneInfo("Asia/Jakarta")


def absolute_url(name: str, **kwargs) -> str:
    """The URL of a page by its name, on the configured site address."""
    return settings.JMO_SITE_URL + reverse(name, kwargs=kwargs or None)


def format_wib(moment: datetime) -> str:
    """'26 November 2026 pukul 10.58 WIB', in the active language."""
    local = timezone.localtime(moment, JAKARTA)
    return gettext("%(date)s at %(hour)02d:%(minute)02d WIB") % {
        "date": dateformat.format(local, "j F Y"),
        "hour": local.hour,
        "minute": local.minute,
    }


def make_message(name: str, to: str, context: dict) -> EmailMultiAlternatives:
    context = {
        "help": HELP_CONTACTS,
        "sent_at": format_wib(timezone.now()),
        "site_url": absolute_url("accounts:home"),
        "help_url": absolute_url("accounts:help"),
        **context,
    }
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
    context = {
        "member": member,
        "code": code,
        "minutes": minutes,
        "link": absolute_url("accounts:verify_code"),
        "forgot_url": absolute_url("accounts:forgot_password"),
    }
    make_message("reset_code", member.email, context).send()


def send_not_eligible(member: Member) -> None:
    context = {
        "member": member,
        # Pemulihan Akun comes with the next issue; until then the help page.
        "recovery_url": absolute_url("accounts:help"),
    }
    make_message("not_eligible", member.email, context).send()


def send_password_changed(member: Member) -> None:
    context = {
        "member": member,
        "link": absolute_url("accounts:login"),
        "forgot_url": absolute_url("accounts:forgot_password"),
    }
    make_message("password_changed", member.email, context).send()


def send_email_code(member: Member, purpose: str, code: str, to: str) -> None:
    minutes = settings.JMO_CODE_TTL_SECONDS // 60
    context = {
        "member": member,
        "code": code,
        "minutes": minutes,
        "change": purpose == VerificationCode.Purpose.EMAIL_CHANGE,
        "link": absolute_url("accounts:verify_email"),
    }
    make_message("email_code", to, context).send()


def send_email_in_use(owner: Member) -> None:
    context = {
        "member": owner,
        "link": absolute_url("accounts:login"),
        "forgot_url": absolute_url("accounts:forgot_password"),
    }
    make_message("email_in_use", owner.email, context).send()


def send_email_changed(member: Member, old_email: str) -> None:
    make_message("email_changed", old_email, {"member": member}).send()


# Where the member asks again for each kind of code once the limit lifts.
CODE_PAGES = {
    VerificationCode.Purpose.PASSWORD_RESET: "accounts:forgot_password",
    VerificationCode.Purpose.EMAIL_VERIFICATION: "accounts:verify_email",
    VerificationCode.Purpose.EMAIL_CHANGE: "accounts:verify_email",
}


def send_code_limit(
    member: Member, purpose: str, reason: str, next_code_at: datetime, to: str
) -> None:
    context = {
        "member": member,
        "daily": reason == "code_daily_cap",
        "count": (
            settings.JMO_CODES_PER_DAY
            if reason == "code_daily_cap"
            else settings.JMO_CODES_PER_HOUR
        ),
        "next_code_at": format_wib(next_code_at),
        "minutes": settings.JMO_CODE_TTL_SECONDS // 60,
        "link": absolute_url(CODE_PAGES[purpose]),
    }
    make_message("code_limit", to, context).send()


# What an operator's change notice says for each kind of change (operators.py).
OPERATOR_CHANGE_TEXTS = {
    "email": _("the email address of the account was changed"),
    "password": _("a new password was set"),
    "unlocked": _("the account was unlocked"),
    "email_verified": _("the email address was marked as verified"),
    "data_updated": _("your data was marked as up to date"),
    "active": _("the account was switched on or off"),
    "code_sent": _("a password-reset code was sent to your email"),
    "limit_lifted": _(
        "the limit on codes was lifted once, so that a new code can reach you"
    ),
}


def send_operator_change(member: Member, changes: list, to: str) -> None:
    lines = [OPERATOR_CHANGE_TEXTS[change] for change in changes]
    link = absolute_url("accounts:login")
    context = {"member": member, "changes": lines, "link": link}
    make_message("operator_change", to, context).send()
