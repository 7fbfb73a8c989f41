"""The login form: validates and normalises; the check is login/authentication.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.core.forms import (
    ACCOUNT_LOCKED_MESSAGE,
    PASSWORD_MAX_LENGTH,
    EmailField,
    JmoForm,
)


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

    def add_login_error(self, code: str) -> None:
        self.add_error(None, ValidationError(self.error_messages[code], code=code))
