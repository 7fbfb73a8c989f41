"""
Background tasks (django.tasks). Everything that depends on whether an email belongs
to a member happens here, after the request has been answered the same way for all.

No payload carries a code: a retry issues a fresh one, so a queued task never holds a
secret, whatever its backend stores.

A task that a killed worker left half done is queued again (`requeuetasks`); the
code task records its task id with the "code sent" event and does nothing when run
again after that, so the member gets one mail.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.db import transaction
from django.tasks import TaskContext, task
from django.utils import timezone, translation

from accounts.models import Member, SecurityEvent

from . import emails, limits
from .clients import Client
from .codes import CodeRefused, Purpose, issue_code, refusals, withdraw_code
from .events import Kind, record_event

logger = logging.getLogger(__name__)

# Mail server trouble: logged, recorded and retried, never raised into a request.
MAIL_ERRORS = (SMTPException, OSError)
# Back-off after a refused send: 15 s, 30 s, 1, 2, 4, 8 min; 15 minutes in all.
RETRY_DELAYS_SECONDS = [15, 30, 60, 120, 240, 480]


def retry_later(task_function, args: list, attempt: int) -> bool:
    """Enqueue the task again after its back-off; False when no retry is possible."""
    backend = task_function.get_backend()
    if attempt >= len(RETRY_DELAYS_SECONDS) or not backend.supports_defer:
        return False
    run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS_SECONDS[attempt])
    task_function.using(run_after=run_after).enqueue(*args, attempt + 1)
    return True


def done_marker(context: TaskContext) -> str:
    return f"task {context.task_result.id}"


def sent_by_this_task_before(member: Member, context: TaskContext) -> bool:
    """
    A rerun after a worker died right after sending: the mail went out already. Only a
    rerun looks; a first run cannot have sent anything.
    """
    if context.attempt <= 1:
        return False
    done = done_marker(context)
    return SecurityEvent.objects.filter(member=member, detail=done).exists()


def mailbox_has_room(to: str) -> bool:
    """Draw one mail from the mailbox's daily budget (any kind of mail counts)."""
    try:
        limits.draw(limits.MAILS_PER_ADDRESS, limits.private_key(to))
    except limits.BudgetExhausted:
        logger.info("Mailbox budget of the day spent; nothing sent")
        return False
    return True


def send_code(
    member: Member,
    purpose: str,
    client: Client,
    done: str,
    rerun: bool,
    to: str = "",
    known_device: bool = False,
    withhold: bool = False,
    new_address: bool = False,
) -> str:
    """
    Issue a code and mail it to `to`; `withhold` issues it and mails nothing. A code
    for an address just corrected (`new_address`) skips the cool-down: the code before
    went to another mailbox.
    """
    to = to or member.email
    try:
        code = issue_code(
            member,
            purpose,
            honour_cooldown=not (rerun or new_address),
            sent_to=to,
            known_device=known_device,
        )
        if withhold:
            return "code_withheld"
        if not mailbox_has_room(to):
            withdraw_code(member, purpose, code)
            raise CodeRefused("mailbox_daily_cap")
    except CodeRefused as refused:
        record_event(
            Kind.CODE_THROTTLED, client=client, member=member, detail=refused.reason
        )
        if refused.reason in CODE_CAPS and not withhold:
            send_code_limit_notice(
                member, purpose, refused.reason, to, client, known_device
            )
        return refused.reason
    try:
        if purpose == Purpose.PASSWORD_RESET:
            emails.send_reset_code(member, code)
        else:
            emails.send_email_code(member, purpose, code, to)
    except MAIL_ERRORS as error:
        withdraw_code(member, purpose, code)
        logger.warning(
            "%s code email to member %s failed: %r", purpose, member.pk, error
        )
        detail = repr(error)[:200]
        record_event(Kind.CODE_FAILED, client=client, member=member, detail=detail)
        return "code_failed"
    record_event(Kind.CODE_SENT, client=client, member=member, detail=done)
    return "code_sent"


# The caps a member is told about by email, each with the window of its notice: at
# most one notice per window. The cool-down (a minute) is shown on the page instead.
CODE_CAPS = {"code_hourly_cap": timedelta(hours=1), "code_daily_cap": timedelta(days=1)}


def send_code_limit_notice(
    member: Member,
    purpose: str,
    reason: str,
    to: str,
    client: Client,
    known_device: bool = False,
) -> str:
    """
    Tell the mailbox that no code went out and when the next one can; once per
    window. The notice's event is written first, under the member row's lock, so
    two refused requests at once send one notice; a failed send takes it back.
    """
    with transaction.atomic():
        Member.objects.select_for_update(no_key=True).filter(pk=member.pk).exists()
        since = timezone.now() - CODE_CAPS[reason]
        notices = SecurityEvent.objects.filter(
            member=member, kind=Kind.CODE_LIMIT_NOTICE, detail=reason
        )
        if notices.filter(created_at__gt=since).exists():
            return "notice_sent_before"
        if not mailbox_has_room(to):
            return "mailbox_daily_cap"
        claim = record_event(
            Kind.CODE_LIMIT_NOTICE, client=client, member=member, detail=reason
        )
    now = timezone.now()
    limits_now = refusals(member, purpose, now, known_device)
    next_code_at = max((refusal.until for refusal in limits_now), default=now)
    try:
        emails.send_code_limit(member, purpose, reason, next_code_at, to)
    except MAIL_ERRORS as error:
        SecurityEvent.objects.filter(pk=claim.pk).delete()
        logger.warning("Code-limit notice to member %s failed: %r", member.pk, error)
        return "notice_failed"
    return "notice_sent"


def notice_budget_spent(member: Member, kind: str) -> bool:
    """Notices share the hourly budget of codes, so they cannot flood a mailbox."""
    recent = SecurityEvent.objects.filter(
        member=member, kind=kind, created_at__gt=timezone.now() - timedelta(hours=1)
    )
    return recent.count() >= settings.JMO_CODES_PER_HOUR


@task
def send_password_changed(member_pk: int, language: str, attempt: int = 0) -> str:
    member = Member.objects.filter(pk=member_pk).first()
    if member is None:
        return "unknown_member"
    if attempt == 0 and not mailbox_has_room(member.email):
        return "mailbox_daily_cap"
    try:
        with translation.override(language):
            emails.send_password_changed(member)
    except MAIL_ERRORS as error:
        logger.warning("Password-changed email to %s failed: %r", member_pk, error)
        if retry_later(send_password_changed, [member_pk, language], attempt):
            return "retry_scheduled"
        return "mail_failed"
    return "sent"


@task(takes_context=True)
def send_email_code(
    context: TaskContext,
    member_pk: int,
    purpose: str,
    to: str,
    ip: str | None,
    user_agent: str,
    language: str,
    attempt: int = 0,
) -> str:
    """
    Mail a code that proves the member reads `to` (their address, or a new one).
    When `to` belongs to another member the code is made all the same (the same
    cool-down and caps, so the member cannot tell) but withheld, and the address's
    owner is told instead.
    """
    client = Client(ip=ip, user_agent=user_agent, language=language)
    member = Member.objects.filter(pk=member_pk, is_active=True).first()
    if member is None:
        return "unknown_member"
    if purpose == Purpose.EMAIL_VERIFICATION and member.email_verified_at:
        return "already_verified"
    done = done_marker(context)
    if sent_by_this_task_before(member, context):
        return "already_sent"
    taken = Member.objects.filter(email=to).exclude(pk=member.pk).exists()
    with translation.override(language):
        outcome = send_code(
            member, purpose, client, done, context.attempt > 1, to, withhold=taken
        )
    if outcome == "code_withheld":
        send_email_in_use.enqueue(to, ip, user_agent, language)
    if outcome == "code_failed":
        args = [member_pk, purpose, to, ip, user_agent, language]
        if retry_later(send_email_code, args, attempt):
            return "code_retry_scheduled"
    return outcome


@task
def send_email_in_use(
    email: str, ip: str | None, user_agent: str, language: str, attempt: int = 0
) -> str:
    """Tell the owner of an address that someone tried to use it for another account."""
    client = Client(ip=ip, user_agent=user_agent, language=language)
    owner = Member.objects.filter(email=email).first()
    if owner is None:
        return "unknown_email"
    if notice_budget_spent(owner, Kind.EMAIL_IN_USE_NOTICE):
        return "notice_hourly_cap"
    if attempt == 0 and not mailbox_has_room(owner.email):
        return "mailbox_daily_cap"
    try:
        with translation.override(language):
            emails.send_email_in_use(owner)
    except MAIL_ERRORS as error:
        logger.warning("Address-in-use notice to %s failed: %r", owner.pk, error)
        if retry_later(send_email_in_use, [email, ip, user_agent, language], attempt):
            return "retry_scheduled"
        return "notice_failed"
    record_event(Kind.EMAIL_IN_USE_NOTICE, client=client, member=owner)
    return "notice_sent"


@task
def send_operator_change_notice(
    member_pk: int, changes: list, to: str, language: str, attempt: int = 0
) -> str:
    """Tell the member (at `to`) what an operator changed in the account."""
    member = Member.objects.filter(pk=member_pk).first()
    if member is None:
        return "unknown_member"
    if attempt == 0 and not mailbox_has_room(to):
        return "mailbox_daily_cap"
    try:
        with translation.override(language):
            emails.send_operator_change(member, changes, to)
    except MAIL_ERRORS as error:
        logger.warning("Operator-change notice to %s failed: %r", member_pk, error)
        args = [member_pk, changes, to, language]
        if retry_later(send_operator_change_notice, args, attempt):
            return "retry_scheduled"
        return "mail_failed"
    return "sent"
