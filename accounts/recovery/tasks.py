"""
The reset code's task: everything that depends on whether an address belongs to a
member happens here, after the request has been answered the same way for all.
"""

from django.tasks import TaskContext, task
from django.utils import translation

from accounts.core import emails
from accounts.core.clients import Client
from accounts.core.codes import Purpose
from accounts.core.events import Kind, record_event
from accounts.core.tasks import (
    MAIL_ERRORS,
    done_marker,
    logger,
    mailbox_has_room,
    notice_budget_spent,
    retry_later,
    send_code,
    sent_by_this_task_before,
)
from accounts.models import Member


@task(takes_context=True)
def send_reset_code(
    context: TaskContext,
    email: str,
    ip: str | None,
    user_agent: str,
    language: str,
    device_member_pk: int | None = None,
    attempt: int = 0,
) -> str:
    """
    Mail a reset code, or a notice, to a member; unknown addresses get nothing. A
    request from a browser holding the member's device cookie draws from the codes
    of known devices.
    """
    client = Client(ip=ip, user_agent=user_agent, language=language)
    member = Member.objects.filter(email=email, is_active=True).first()
    if member is None:
        return "unknown_email"
    done = done_marker(context)
    if sent_by_this_task_before(member, context):
        return "already_sent"
    with translation.override(language):
        if not member.is_eligible_for_reset:
            return _send_not_eligible_notice(member, client, done)
        outcome = send_code(
            member,
            Purpose.PASSWORD_RESET,
            client,
            done,
            rerun=context.attempt > 1,
            known_device=device_member_pk == member.pk,
        )
    if outcome == "code_failed":
        args = [email, ip, user_agent, language, device_member_pk]
        if retry_later(send_reset_code, args, attempt):
            return "code_retry_scheduled"
    return outcome


def _send_not_eligible_notice(member: Member, client: Client, done: str) -> str:
    if notice_budget_spent(member, Kind.NOT_ELIGIBLE_NOTICE):
        return "notice_hourly_cap"
    if not mailbox_has_room(member.email):
        return "mailbox_daily_cap"
    try:
        emails.send_not_eligible(member)
    except MAIL_ERRORS as error:
        logger.warning("Not-eligible notice to member %s failed: %r", member.pk, error)
        return "notice_failed"
    record_event(Kind.NOT_ELIGIBLE_NOTICE, client=client, member=member, detail=done)
    return "notice_sent"
