"""Validate and normalise input. Forms here send no mail and write no rows."""

import re

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .codes import CODE_DIGITS
from .models import MemberManager
from .participants import KPJ, NIK

PASSWORD_MAX_LENGTH = 128


class JmoForm(forms.Form):
    """Labels without Django's trailing colon, as in the JMO app."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EmailField(forms.EmailField):
    """An email field that stores the address the way Member.email does."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Email"))
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "email", "autofocus": True})

    def clean(self, value):
        return MemberManager.normalize_email(super().clean(value))


class LoginForm(JmoForm):
    error_messages = {
        "invalid_login": _("The email or password is not correct."),
        "account_locked": _(
            "Your account is locked for a while after too many wrong passwords. "
            "Use “Forgot password” to set a new password and unlock it now, or try "
            "again in 30 minutes."
        ),
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


class ForgotPasswordForm(JmoForm):
    email = EmailField(help_text=_("The email address registered in JMO."))


class CodeForm(JmoForm):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise ValidationError(
                _("Enter the %(digits)d-digit code from the email."),
                code="code_format",
                params={"digits": CODE_DIGITS},
            )
        return code


class NewPasswordForm(JmoForm):
    error_messages = {"password_mismatch": _("The two passwords do not match.")}

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("Repeat the new password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_new_password1(self):
        password = self.cleaned_data["new_password1"]
        password_validation.validate_password(password)
        return password

    def clean(self):
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data.get("new_password2")
        if first and second and first != second:
            self.add_error(
                "new_password2",
                ValidationError(
                    self.error_messages["password_mismatch"], code="password_mismatch"
                ),
            )
        return self.cleaned_data


class CurrentPasswordMixin(forms.Form):
    """The logged-in member's password, asked again before a sensitive change."""

    current_password_errors = {
        "wrong_password": _("The current password is not correct."),
        "account_locked": LoginForm.error_messages["account_locked"],
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


class RegistrationForm(NewPasswordForm):
    error_messages = {
        **NewPasswordForm.error_messages,
        "mismatch": _(
            "We cannot register an account with this data. Check your NIK, KPJ "
            "number and date of birth. If you already have a JMO account, log in or "
            "use “Forgot password”."
        ),
        "nik_throttled": _(
            "Too many registration attempts with this NIK. Try again in "
            "%(minutes)d minutes."
        ),
    }

    nik = forms.CharField(
        label=pgettext_lazy("form label", "NIK"),
        max_length=40,
        help_text=_("The 16 digits on your KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autofocus": True}),
    )
    kpj_number = forms.CharField(
        label=pgettext_lazy("form label", "KPJ number"),
        max_length=40,
        help_text=_("The number on your BPJS Ketenagakerjaan card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        error_messages={"invalid": _("Enter a valid date of birth.")},
    )
    email = EmailField()
    field_order = [
        "nik",
        "kpj_number",
        "date_of_birth",
        "email",
        "new_password1",
        "new_password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("Repeat the password")

    def clean_nik(self):
        nik = "".join(self.cleaned_data["nik"].split())
        if not NIK.fullmatch(nik) or not nik.isascii():
            raise ValidationError(_("NIK must be exactly 16 digits."), code="nik")
        return nik

    def clean_kpj_number(self):
        kpj = "".join(self.cleaned_data["kpj_number"].split())
        if not KPJ.fullmatch(kpj) or not kpj.isascii():
            raise ValidationError(
                _("The KPJ number has 8 to 15 digits."), code="kpj_number"
            )
        return kpj

    def add_registration_error(self, code: str, retry_seconds: int = 0) -> None:
        params = {"minutes": (retry_seconds + 59) // 60}
        message = self.error_messages[code]
        self.add_error(None, ValidationError(message, code=code, params=params))


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
