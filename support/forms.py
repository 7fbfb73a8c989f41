"""Validate and normalise Pemulihan Akun input; the images are re-encoded here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.core.forms import EmailField, IdentityFields, JmoForm
from accounts.core.identity import normalise_nik

from .images import MAX_BYTES, ImageRefused, clean_image

IMAGE_ERRORS = {
    "image_too_large": _("The photo is larger than 5 MB. Send a smaller photo."),
    "image_unreadable": _("This file is not a photo. Send a JPEG, PNG or WebP photo."),
    "image_too_many_pixels": _("This photo is too large to open. Send a smaller one."),
}
PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class NewEmailForm(JmoForm):
    email = EmailField(
        label=_("New email address"),
        help_text=_("An address you can open now. A code will be sent there."),
    )


class StatusForm(JmoForm):
    number = forms.CharField(
        label=_("Request number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autofocus": True, "placeholder": "PA-"}),
    )
    nik = forms.CharField(
        label=pgettext_lazy("form label", "NIK"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def clean_nik(self):
        return normalise_nik(self.cleaned_data["nik"])


class PhotoField(forms.FileField):
    """A photo, re-encoded by images.py: its clean value is a CleanImage."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload.size > MAX_BYTES:  # refused before anything decodes it
            raise ValidationError(IMAGE_ERRORS["image_too_large"], "image_too_large")
        try:
            return clean_image(upload, upload.size)
        except ImageRefused as refused:
            raise ValidationError(
                IMAGE_ERRORS[refused.reason], refused.reason
            ) from None


class RecoveryForm(IdentityFields, JmoForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As written on your KTP."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.RegexField(
        label=_("Phone number"),
        regex=r"^\+?[0-9 ]+$",
        max_length=20,
        help_text=_(
            "So that the call centre can reach you, for example 0812 3456 7890."
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"invalid": _("Enter a phone number of 8 to 15 digits.")},
    )
    ktp_photo = PhotoField(
        label=_("Photo of your KTP"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB. All four corners visible."),
    )
    selfie = PhotoField(
        label=_("Selfie holding your KTP"),
        help_text=_(
            "Your face and the KTP clearly visible. JPEG, PNG or WebP, at most 5 MB."
        ),
    )
    reason = forms.CharField(
        label=_("Why can you no longer use your registered email?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_phone(self):
        phone = "".join(self.cleaned_data["phone"].split())
        if not 8 <= len(phone.lstrip("+")) <= 15:
            message = self.fields["phone"].error_messages["invalid"]
            raise ValidationError(message, code="invalid")
        return phone
