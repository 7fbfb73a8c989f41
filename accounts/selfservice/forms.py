import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.core.forms import (
    ACCOUNT_LOCKED_MESSAGE,
    PASSWORD_MAX_LENGTH,
    EmailField,
    JmoForm,
    NewPasswordForm,
)


class CurrentPasswordMixin(forms.Form):
    """The logged-in member's password, asked again before a sensitive change."""

    current_password_errors = {
        "wrong_password": _("The current password is not correct."),
        "account_locked": ACCOUNT_LOCKED_MESSAGE,
    }

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def add_current_password_error(self, code: str) -> None:
        field = "current_password" if code == "wrong_password" else None
        message = self.current_password_errors[code]
        self.add_error(field, ValidationError(message, code=code))


class ChangePasswordForm(CurrentPasswordMixin, NewPasswordForm):
    field_order = ["current_password", "new_password1", "new_password2"]


class ChangeEmailForm(CurrentPasswordMixin, JmoForm):
    email = EmailField(label=_("New email"))
    field_order = ["email", "current_password"]

    def __init__(self, *args, current_email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_email = current_email

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email == self.current_email:
            raise ValidationError(
                _("This is already the email of your account."), code="same_email"
            )
        return email


INDONESIAN_MOBILE = re.compile(r"8\d{8,11}")


class MemberDataForm(JmoForm):
    """Pengkinian data: phone (stored as +62...), address, and the member's word."""

    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=25,
        help_text=_("For example 0812 3456 7890."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    confirm = forms.BooleanField(label=_("I confirm that this data is correct."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Stored as +62...; shown the way members write it (0812 3456 7890).
        self.initial["phone"] = national_phone(self.initial.get("phone") or "")

    def clean_phone(self):
        digits = re.sub(r"[\s\-().]", "", self.cleaned_data["phone"])
        for prefix in ("+62", "62", "0"):
            if digits.startswith(prefix):
                national = digits[len(prefix) :]
                if INDONESIAN_MOBILE.fullmatch(national):
                    return "+62" + national
                break
        raise ValidationError(
            _("Enter an Indonesian mobile number, for example 0812 3456 7890."),
            code="invalid_phone",
        )


def national_phone(phone: str) -> str:
    """+6281234567890 as a member writes it: 0812 3456 7890."""
    if not phone.startswith("+62"):
        return phone
    national = "0" + phone[3:]
    return " ".join(
        part for part in (national[:4], national[4:8], national[8:]) if part
    )
