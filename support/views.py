"""Pemulihan Akun pages: one step per view, each calling one logic function."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.core import limits
from accounts.core.clients import client_of
from accounts.core.forms import CodeForm
from accounts.core.web import (
    new_session_binding,
    open_session,
    post_redirect_get,
    posted,
    session_binding,
    throttle_post,
)

from . import objections, proofs, recovery
from .forms import NewEmailForm, RecoveryForm, StatusForm
from .proofs import ProofOutcome
from .recovery import Identity, Outcome

STATUS_KEY = "recovery_status"
PROOF_MESSAGES = {
    ProofOutcome.WRONG_CODE: gettext_lazy("The code is wrong or no longer valid."),
    ProofOutcome.TRIES_SPENT: gettext_lazy("Too many wrong codes. Ask for a new code."),
    ProofOutcome.EXPIRED: gettext_lazy("The code has expired. Ask for a new code."),
}


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
@post_redirect_get("email")
def start(request: HttpRequest) -> HttpResponse:
    """Step 1: the new address, proved by a code."""
    open_session(request)
    form = NewEmailForm(posted(request))
    if form.is_valid():
        outcome, proof = recovery.request_email_code(
            new_session_binding(request), form.cleaned_data["email"], client_of(request)
        )
        _report_code_request(request, outcome, proof)
        return redirect("support:verify_email")
    return TemplateResponse(request, "support/start.html", {"form": form})


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("code")
@never_cache
@throttle_post(limits.CODE_ENTRIES_PER_ADDRESS)
@post_redirect_get()
def verify_email(request: HttpRequest) -> HttpResponse:
    binding = session_binding(request)
    proof = proofs.live_proof(binding)
    if proof is None:
        return redirect("support:start")
    form = CodeForm(posted(request))
    if form.is_valid():
        outcome = proofs.verify(binding, form.cleaned_data["code"])
        if outcome in (ProofOutcome.VERIFIED, ProofOutcome.ENDED):
            return redirect("support:request_form")
        form.add_error("code", PROOF_MESSAGES[outcome])
    context = {
        "form": form,
        "proof": proof,
        "wait_seconds": proofs.seconds_until_new_code(proof),
    }
    return TemplateResponse(request, "support/verify_email.html", context)


@require_POST
@never_cache
@throttle_post(limits.CODE_REQUESTS_PER_ADDRESS)
def resend_email_code(request: HttpRequest) -> HttpResponse:
    outcome, proof = recovery.resend_email_code(
        session_binding(request), client_of(request)
    )
    if outcome is ProofOutcome.ENDED:
        return redirect("support:start")
    _report_code_request(request, outcome, proof)
    return redirect("support:verify_email")


def _report_code_request(request, outcome, proof) -> None:
    if outcome is ProofOutcome.WAIT:
        wait = proofs.seconds_until_new_code(proof)
        text = _("Wait %(seconds)d seconds before asking for a new code.")
        messages.error(request, text % {"seconds": wait})
    else:
        messages.success(request, _("A code is on its way. Only the newest works."))


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post(limits.RECOVERY_FORMS_PER_ADDRESS)
@post_redirect_get("nik", "kpj_number", "date_of_birth", "full_name", "phone", "reason")
def request_form(request: HttpRequest) -> HttpResponse:
    """Step 2: who you are, two photos, and why; "Ajukan Pemulihan Akun"."""
    binding = session_binding(request)
    form = RecoveryForm(posted(request), request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        images = {"ktp": data.pop("ktp_photo"), "selfie": data.pop("selfie")}
        result = recovery.submit_request(
            binding, Identity(**data), images, client_of(request)
        )
        if result.outcome is Outcome.SENT:
            return redirect("support:request_sent")
        return redirect("support:start")
    proof = proofs.verified_proof(binding)
    if proof is None:
        return redirect("support:start")
    context = {"form": form, "proof": proof}
    return TemplateResponse(request, "support/request_form.html", context)


@require_GET
@never_cache
def request_sent(request: HttpRequest) -> HttpResponse:
    sent = recovery.sent_request(session_binding(request))
    if sent is None:
        return redirect("support:start")
    return TemplateResponse(request, "support/request_sent.html", {"sent": sent})


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post(limits.RECOVERY_LOOKUPS_PER_ADDRESS)
@post_redirect_get("number", "nik")
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(posted(request))
    if form.is_valid():
        found = recovery.find_request(**form.cleaned_data)
        if found is not None:
            request.session[STATUS_KEY] = found.pk
            return redirect("support:status")
        form.add_error(None, _("No request has this number and NIK. Check both."))
    shown = recovery.shown_request(request.session.pop(STATUS_KEY, None))
    context = {"form": form, "shown": shown}
    return TemplateResponse(request, "support/status.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
@throttle_post(limits.RECOVERY_LOOKUPS_PER_ADDRESS)
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """ "Bukan saya" from the registered address: a GET only asks to confirm."""
    if request.method == "POST":
        result = objections.cancel(token, client_of(request))
    else:
        result = objections.preview(token)
    context = {"result": result.outcome, "found": result.request}
    return TemplateResponse(request, "support/cancel.html", context)
