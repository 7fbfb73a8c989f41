"""
The support page and its actions, as admin views: `admin.site.admin_view` (staff
only, CSRF, no cache) around each, the member admin's permissions inside.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.core.clients import client_of
from accounts.models import Member

from . import actions, status
from .forms import ReasonForm
from .sentences import outcome_message

# The actions that ask for a reason, by their form's prefix.
REASON_FORMS = ["unlock", "lift", "data"]


@require_GET
def support(request: HttpRequest, member_pk: int, model_admin) -> HttpResponse:
    member = get_object_or_404(Member, pk=member_pk)
    if not model_admin.has_view_or_change_permission(request, member):
        raise PermissionDenied
    can_act = model_admin.has_change_permission(request, member)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Member._meta,
        "title": _("Support: %(name)s") % {"name": member.full_name or member.email},
        "member": member,
        "page": status.member_support(member, timezone.now()),
        "can_act": can_act,
        "forms": {prefix: ReasonForm(prefix=prefix) for prefix in REASON_FORMS},
    }
    return TemplateResponse(request, "admin/accounts/member/support.html", context)


@require_POST
def send_code(request: HttpRequest, member_pk: int, model_admin) -> HttpResponse:
    member = _member_to_change(request, member_pk, model_admin)
    outcome = actions.send_reset_code(member, request.user, client_of(request))
    return _report(request, member, outcome)


@require_POST
def unlock(request: HttpRequest, member_pk: int, model_admin) -> HttpResponse:
    return _act_with_reason(request, member_pk, model_admin, actions.unlock, "unlock")


@require_POST
def lift_limit(request: HttpRequest, member_pk: int, model_admin) -> HttpResponse:
    action = actions.lift_limit_once
    return _act_with_reason(request, member_pk, model_admin, action, "lift")


@require_POST
def mark_data_updated(
    request: HttpRequest, member_pk: int, model_admin
) -> HttpResponse:
    action = actions.mark_data_updated
    return _act_with_reason(request, member_pk, model_admin, action, "data")


def _member_to_change(request: HttpRequest, member_pk: int, model_admin) -> Member:
    member = get_object_or_404(Member, pk=member_pk)
    if not model_admin.has_change_permission(request, member):
        raise PermissionDenied
    return member


def _act_with_reason(request, member_pk, model_admin, action, prefix):
    member = _member_to_change(request, member_pk, model_admin)
    form = ReasonForm(request.POST, prefix=prefix)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(errors))
        return _back(member)
    reason, note = form.cleaned_data["reason"], form.cleaned_data["note"]
    outcome = action(member, request.user, reason, note, client_of(request))
    return _report(request, member, outcome)


def _report(request, member, outcome) -> HttpResponse:
    level, text = outcome_message(outcome)
    messages.add_message(request, level, text)
    return _back(member)


def _back(member) -> HttpResponse:
    return redirect("admin:accounts_member_support", member_pk=member.pk)
