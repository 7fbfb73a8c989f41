from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.core.forms import EmailField, IdentityFields, JmoForm, NewPasswordForm


class RegistrationForm(IdentityFields, NewPasswordForm):
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
