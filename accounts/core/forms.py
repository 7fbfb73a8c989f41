"""Validate and normalise input. Forms here send no mail and write no rows."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import MemberManager

from .codes import CODE_DIGITS
from .identity import normalise_kpj, normalise_nik

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


ACCOUNT_LOCKED_MESSAGE = _(
    "Your account is locked for a while after too many wrong passwords. "
    "Use “Forgot password” to set a new password and unlock it now, or try "
    "again in 30 minutes."
)


class ResendForm(forms.Form):
    """The code round the page shows: a repeated "Kirim ulang kode" is told apart."""

    round = forms.IntegerField(min_value=1, max_value=32767)


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


# The rules the password checklist shows (includes/_password_rules.html), by the
# error code of their validator: a broken one is marked there, not listed again.
CHECKLIST_RULES = {
    "password_too_short": "length",
    "password_no_upper": "upper",
    "password_no_lower": "lower",
    "password_no_digit": "digit",
    "password_too_common": "common",
}


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

    def _new_password_errors(self) -> list[ValidationError]:
        errors = self.errors.get("new_password1")
        return errors.as_data() if errors else []

    @property
    def broken_password_rules(self) -> set[str]:
        """The checklist's rules the refused password broke."""
        codes = {error.code for error in self._new_password_errors()}
        return {CHECKLIST_RULES[code] for code in codes if code in CHECKLIST_RULES}

    @property
    def other_password_errors(self) -> list[str]:
        """The new password's errors that the checklist does not show."""
        return [
            message
            for error in self._new_password_errors()
            if error.code not in CHECKLIST_RULES
            for message in error.messages
        ]

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


class IdentityFields(forms.Form):
    """
    NIK, KPJ number and date of birth as a worker types them (Daftar, Lupa Akun,
    Pemulihan Akun): normalised by the rules of core/identity.py.
    """

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
    # Typed as on the KTP, day first, whatever the browser's language: a date input
    # would show the phone's own order (mm/dd/yyyy on an English phone) and open a
    # calendar at today. ISO dates are accepted too (what such an input used to send).
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"],
        help_text=_("Day, month and year, for example 17/08/1990."),
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={
                "inputmode": "numeric",
                "placeholder": "dd/mm/yyyy",
                "autocomplete": "bday",
                "maxlength": 10,
            },
        ),
        error_messages={"invalid": _("Enter a valid date of birth.")},
    )

    def clean_nik(self):
        return normalise_nik(self.cleaned_data["nik"])

    def clean_kpj_number(self):
        return normalise_kpj(self.cleaned_data["kpj_number"])
