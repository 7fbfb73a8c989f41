"""
The operators' review page of a request and its actions, as admin views
(`admin_site.admin_view`: staff only, CSRF, no cache), each checking the dedicated
permission support.decide_recoveryrequest before it shows an image or decides.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.core.clients import client_of
from accounts.core.identity import masked_email
from accounts.models import Participant

from . import decisions
from .decisions import Decision
from .models import RecoveryImage, RecoveryRequest

PERMISSION = "support.decide_recoveryrequest"
OTHER = "other"

DECISION_MESSAGES = {
    Decision.APPROVAL_RECORDED: (
        messages.SUCCESS,
        _("Your approval is recorded. Another staff member must approve as well."),
    ),
    Decision.WAITING_PERIOD: (
        messages.WARNING,
        _(
            "Your approval is recorded, but the waiting period has not ended: "
            "nothing is changed yet. It is applied when the waiting period ends, "
            "unless the owner of the registered address objects first."
        ),
    ),
    Decision.APPLIED: (
        messages.SUCCESS,
        _(
            "Approved and applied: the new address is the account's email, every "
            "session ended, a reset code is on its way there, both addresses told."
        ),
    ),
    Decision.REJECTED: (
        messages.SUCCESS,
        _("Rejected. The requester is told why at the new address."),
    ),
    Decision.ALREADY_APPROVED: (
        messages.ERROR,
        _("You approved this request already. A different staff member must approve."),
    ),
    Decision.NOT_OPEN: (messages.ERROR, _("This request is decided already.")),
    Decision.NO_ACCOUNT: (
        messages.ERROR,
        _("No account matches this data: the request can only be rejected."),
    ),
    Decision.ADDRESS_TAKEN: (
        messages.ERROR,
        _("The new address belongs to another account now. Reject the request."),
    ),
    Decision.OWN_REQUEST: (
        messages.ERROR,
        _(
            "This request concerns your own account or address: another staff "
            "member must decide it."
        ),
    ),
    Decision.ADDRESS_CHANGED: (
        messages.ERROR,
        _(
            "The account's email changed after the request, so its current owner "
            "was not told. Reject the request."
        ),
    ),
    Decision.NOT_READY: (
        messages.ERROR,
        _("Not yet: it needs enough approvals and the end of the waiting period."),
    ),
}


class DecisionForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(label=_("Explanation"), max_length=300, required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == OTHER and not cleaned.get("note"):
            raise forms.ValidationError(
                _("Write the reason when you choose “other”."), code="note_required"
            )
        return cleaned


def approve_form(data=None):
    choices = RecoveryRequest.ApproveReason.choices
    return DecisionForm(data, choices=choices, prefix="approve")


def reject_form(data=None):
    choices = RecoveryRequest.RejectReason.choices
    return DecisionForm(data, choices=choices, prefix="reject")


def _require_decider(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


@require_GET
def review(request: HttpRequest, object_id, model_admin) -> HttpResponse:
    if not str(object_id).isdigit():  # the admin's URL takes any text
        raise Http404
    recovery = get_object_or_404(RecoveryRequest, pk=object_id)
    if not model_admin.has_view_permission(request, recovery):
        raise PermissionDenied
    now = timezone.now()
    member = recovery.member
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": RecoveryRequest._meta,
        "title": recovery.number,
        "media": model_admin.media,
        "recovery": recovery,
        "participant": Participant.objects.filter(nik=recovery.nik).first(),
        "member": member,
        "member_email": masked_email(member.email) if member else "",
        "approvals": recovery.approvals.select_related("operator"),
        "images": recovery.images.only("public_id", "kind", "width", "height"),
        "can_decide": request.user.has_perm(PERMISSION),
        "overdue": recovery.is_overdue(now),
        "waiting": now < recovery.wait_until,
        "ready": recovery.is_open() and decisions.ready(recovery, now),
        "approve_form": approve_form(),
        "reject_form": reject_form(),
    }
    template = "admin/support/recoveryrequest/review.html"
    return TemplateResponse(request, template, context)


@require_GET
def image(request: HttpRequest, public_id: str, model_admin) -> HttpResponse:
    _require_decider(request)
    found = get_object_or_404(RecoveryImage, public_id=public_id)
    response = HttpResponse(bytes(found.data), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@require_POST
def approve(request: HttpRequest, object_id, model_admin) -> HttpResponse:
    return _decide(request, object_id, approve_form, decisions.approve)


@require_POST
def reject(request: HttpRequest, object_id, model_admin) -> HttpResponse:
    return _decide(request, object_id, reject_form, decisions.reject)


@require_POST
def apply(request: HttpRequest, object_id, model_admin) -> HttpResponse:
    _require_decider(request)
    recovery = get_object_or_404(RecoveryRequest, pk=object_id)
    outcome = decisions.apply(recovery.pk, request.user, client_of(request))
    return _report(request, recovery, outcome)


def _decide(request, object_id, make_form, decide) -> HttpResponse:
    _require_decider(request)
    recovery = get_object_or_404(RecoveryRequest, pk=object_id)
    form = make_form(request.POST)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(errors))
        return _back(recovery)
    reason, note = form.cleaned_data["reason"], form.cleaned_data["note"]
    outcome = decide(recovery.pk, request.user, reason, note, client_of(request))
    return _report(request, recovery, outcome)


def _report(request, recovery, outcome) -> HttpResponse:
    level, text = DECISION_MESSAGES[outcome]
    messages.add_message(request, level, text)
    return _back(recovery)


def _back(recovery) -> HttpResponse:
    return redirect("admin:support_recoveryrequest_change", recovery.pk)
