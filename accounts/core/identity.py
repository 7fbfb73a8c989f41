"""
The identity rules of a BPJS Ketenagakerjaan participant, written once: the NIK (the
16 digits on the KTP) and the KPJ number (8 to 15 digits on the card), and how an
email address is shown masked.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

NIK = re.compile(r"\d{16}")
KPJ = re.compile(r"\d{8,15}")

nik_validator = RegexValidator(
    r"^\d{16}$", _("NIK must be exactly 16 digits."), code="invalid_nik"
)


def _digits_only(value: str) -> str:
    """Spaces are dropped; only ASCII digits count (no Arabic-Indic or full-width)."""
    return "".join((value or "").split())


def normalise_nik(value: str) -> str:
    """The NIK without spaces; ValidationError if it is not 16 digits."""
    nik = _digits_only(value)
    if not (nik.isascii() and NIK.fullmatch(nik)):
        raise ValidationError(_("NIK must be exactly 16 digits."), code="nik")
    return nik


def normalise_kpj(value: str) -> str:
    """The KPJ number without spaces; ValidationError if it is not 8 to 15 digits."""
    kpj = _digits_only(value)
    if not (kpj.isascii() and KPJ.fullmatch(kpj)):
        raise ValidationError(
            _("The KPJ number has 8 to 15 digits."), code="kpj_number"
        )
    return kpj


def masked_email(email: str) -> str:
    """k***@gmail.com: enough for the owner to recognise, little for a bystander."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return email
    return f"{local[:1]}***@{domain}"
