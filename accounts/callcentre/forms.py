from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import LimitWaiver


class ReasonForm(forms.Form):
    """The reason an operator gives for a change: one from the list, or written."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=LimitWaiver.Reason,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a reason."),
            "invalid_choice": _("Choose a reason from the list."),
        },
    )
    note = forms.CharField(
        label=_("Explanation"),
        max_length=150,
        required=False,
        strip=True,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == LimitWaiver.Reason.OTHER and not cleaned.get(
            "note"
        ):
            raise ValidationError(
                _("Write the reason when you choose “other”."), code="note_required"
            )
        return cleaned
