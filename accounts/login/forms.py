"""The login form: validates and normalises; the check is login/authentication.py."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.core.forms import (
    ACCOUNT_LOCKED_MESSAGE,
    PASSWORD_MAX_LENGTH,
    EmailField,
    JmoForm,
)

# The page warns before the last two wrong passwords that would lock the account.
LOCK_WARNING_TRIES = 2


def lock_warning(tries_left: int) -> str:
    text = ngettext(
        "%(count)d more try before the account is locked for %(minutes)d minutes.",
        "%(count)d more tries before the account is locked for %(minutes)d minutes.",
        tries_left,
    )
    return text % {
        "count": tries_left,
        "minutes": settings.JMO_LOCKOUT_SECONDS // 60,
    }


class LoginForm(JmoForm):
    error_messages = {
        "invalid_login": _("The email or password is not correct."),
        "account_locked": ACCOUNT_LOCKED_MESSAGE,
    }

    email = EmailField()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def add_login_error(self, code: str, tries_left: int = 0) -> None:
        self.add_error(None, ValidationError(self.error_messages[code], code=code))
        if 0 < tries_left <= LOCK_WARNING_TRIES:
            warning = ValidationError(lock_warning(tries_left), code="lock_warning")
            self.add_error(None, warning)
