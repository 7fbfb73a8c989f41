"""
The Pemulihan Akun mails, sent by the task worker. No payload carries a code or a
token: the task makes them and stores only their hashes.
"""

import secrets

from django.tasks import task
from django.utils import translation

from accounts.core.tasks import MAIL_ERRORS, logger, mailbox_has_room

from . import emails, proofs
from .models import RecoveryEmailProof, RecoveryRequest, hash_cancel_token

Status = RecoveryRequest.Status


@task
def send_email_code(proof_pk: int, language: str) -> str:
    proof = RecoveryEmailProof.objects.filter(pk=proof_pk).first()
    if proof is None:
        return "unknown_proof"
    if not mailbox_has_room(proof.email):
        return "mailbox_daily_cap"
    code = proofs.issue_code(proof)
    return _send(lambda: emails.send_email_code(proof.email, code), language)


@task
def send_request_notice(request_pk: int, language: str) -> str:
    """Tell the registered address at once; nothing when no account matched."""
    request = RecoveryRequest.objects.filter(pk=request_pk).first()
    if request is None or request.member_id is None or not request.old_email:
        return "no_account"
    token = secrets.token_urlsafe(32)
    RecoveryRequest.objects.filter(pk=request.pk).update(
        cancel_token_hash=hash_cancel_token(token)
    )
    if not mailbox_has_room(request.old_email):
        return "mailbox_daily_cap"
    return _send(lambda: emails.send_request_notice(request, token), language)


@task
def send_decision(request_pk: int) -> str:
    """Approved: the new and the old address; rejected, cancelled by the
    registered address or lapsed: the new address."""
    request = RecoveryRequest.objects.filter(pk=request_pk).first()
    if request is None:
        return "unknown_request"
    if request.status == Status.REJECTED:
        mails = [(request.new_email, emails.send_rejected)]
    elif request.status == Status.APPROVED:
        mails = [
            (request.new_email, emails.send_approved),
            (request.old_email, emails.send_applied_to_old),
        ]
    elif request.status in (Status.CANCELLED, Status.EXPIRED):
        mails = [(request.new_email, emails.send_closed)]
    else:
        return "not_decided"
    outcomes = []
    for to, send in mails:
        if to and mailbox_has_room(to):
            outcomes.append(_send(lambda s=send: s(request), request.language))
    return " ".join(outcomes) or "mailbox_daily_cap"


def _send(send, language: str) -> str:
    try:
        with translation.override(language):
            send()
    except MAIL_ERRORS as error:
        logger.warning("Pemulihan Akun mail failed: %r", error)
        return "mail_failed"
    return "sent"
