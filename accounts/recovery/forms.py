from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.core.forms import EmailField, JmoForm
from accounts.core.identity import normalise_kpj, normalise_nik


class ForgotPasswordForm(JmoForm):
    email = EmailField(help_text=_("The email address registered in JMO."))


class FindAccountForm(JmoForm):
    """Lupa Akun: the participant data that finds an account (as on "Daftar")."""

    error_messages = {
        "not_found": _(
            "We cannot find an account with this data. Check your NIK, KPJ number "
            "and date of birth. No account yet? Register."
        ),
        "nik_throttled": _(
            "Too many attempts with this NIK. Try again in %(minutes)d minutes."
        ),
    }

    nik = forms.CharField(
        label=pgettext_lazy("form label", "NIK"),
        max_length=40,
        help_text=_("The 16 digits on your KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    kpj_number = forms.CharField(
        label=pgettext_lazy("form label", "KPJ number"),
        max_length=40,
        help_text=_("The number on your BPJS Ketenagakerjaan card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autofocus": True}),
    )
    # Day first as on the KTP, whatever the phone's language (see RegistrationForm).
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
    field_order = ["kpj_number", "nik", "date_of_birth"]

    def clean_nik(self):
        return normalise_nik(self.cleaned_data["nik"])

    def clean_kpj_number(self):
        return normalise_kpj(self.cleaned_data["kpj_number"])

    def add_lookup_error(self, code: str, retry_seconds: int = 0) -> None:
        params = {"minutes": (retry_seconds + 59) // 60}
        message = self.error_messages[code]
        self.add_error(None, ValidationError(message, code=code, params=params))
