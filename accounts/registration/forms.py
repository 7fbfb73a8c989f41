from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.core.forms import EmailField, JmoForm, NewPasswordForm
from accounts.core.identity import normalise_kpj, normalise_nik


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
        return normalise_nik(self.cleaned_data["nik"])

    def clean_kpj_number(self):
        return normalise_kpj(self.cleaned_data["kpj_number"])

    def add_registration_error(self, code: str, retry_seconds: int = 0) -> None:
        params = {"minutes": (retry_seconds + 59) // 60}
        message = self.error_messages[code]
        self.add_error(None, ValidationError(message, code=code, params=params))


class CorrectEmailForm(JmoForm):
    """
    "Salah alamat email?": the address the member meant to type after "Daftar". The
    one typed before is not refused: a double tap sends it twice.
    """

    email = EmailField(label=_("The email address you meant"))
