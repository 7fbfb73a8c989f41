from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.core.forms import EmailField, IdentityFields, JmoForm


class ForgotPasswordForm(JmoForm):
    email = EmailField(help_text=_("The email address registered in JMO."))


class FindAccountForm(IdentityFields, JmoForm):
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

    field_order = ["kpj_number", "nik", "date_of_birth"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nik"].widget.attrs.pop("autofocus", None)
        self.fields["kpj_number"].widget.attrs["autofocus"] = True

    def add_lookup_error(self, code: str, retry_seconds: int = 0) -> None:
        params = {"minutes": (retry_seconds + 59) // 60}
        message = self.error_messages[code]
        self.add_error(None, ValidationError(message, code=code, params=params))
