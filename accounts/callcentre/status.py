"""
What the call centre asks about a member, answered from the rows at one moment: can
they log in (and if not, why), can a reset code be sent now (and if not, why and
from when), their last codes and their last events. Reads only; no HTTP.

The code answer uses the rules of the code path itself: codes.refusals (the
cool-down and caps of issue_code), the member's eligibility, and the mailbox budget
that the task draws from (limits.MAILS_PER_ADDRESS). The pool is the one a request
from anywhere but the member's own known browser draws from: the operator's, and a
member's on a new phone.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from accounts.core import codes, limits
from accounts.models import LimitWaiver, Member, SecurityEvent, VerificationCode

from . import sentences

Kind = SecurityEvent.Kind
RESET = codes.Purpose.PASSWORD_RESET
CODES_SHOWN = 10
EVENTS_SHOWN = 20
WAIVERS_SHOWN = 5
# Events kept under the address alone (a reset request names no member) are looked
# up this far back, through the index on their time.
ADDRESS_EVENTS_DAYS = 7
# A reset request whose task has not answered after this long is not "on its way".
PENDING_REQUEST_SECONDS = 600
# What a task records when it answers a reset request without a code.
TASK_ANSWERS = [Kind.CODE_THROTTLED, Kind.CODE_FAILED, Kind.NOT_ELIGIBLE_NOTICE]


@dataclass(frozen=True)
class Login:
    active: bool
    locked_until: datetime | None
    failures: int  # the wrong passwords behind the lock, or counting towards one
    sources: list[tuple[str, int]]  # their addresses, with how many came from each
    refused_while_locked: int  # logins tried (and refused) since the lock

    @property
    def can_log_in(self) -> bool:
        return self.active and self.locked_until is None


@dataclass(frozen=True)
class Block:
    reason: str  # inactive, email_unverified, data_not_updated, or a limit's name
    until: datetime | None = None  # None: until someone acts


@dataclass(frozen=True)
class CodeAnswer:
    blocks: list[Block]
    pending_since: datetime | None  # a request whose task has not answered yet
    waiver: LimitWaiver | None  # an operator's open leave past the caps

    @property
    def can_send(self) -> bool:
        return not self.blocks

    @property
    def next_code_at(self) -> datetime | None:
        """When every block has lifted; None if one lasts until someone acts."""
        if not self.blocks or any(block.until is None for block in self.blocks):
            return None
        return max(block.until for block in self.blocks)


@dataclass(frozen=True)
class CodeRow:
    created_at: datetime
    purpose: str
    status: str
    sent_to: str  # masked
    known_device: bool
    attempts: int


@dataclass(frozen=True)
class EventRow:
    created_at: datetime
    sentence: str
    actor: str


@dataclass(frozen=True)
class WaiverRow:
    created_at: datetime
    granted_by: str
    reason: str
    state: str


@dataclass(frozen=True)
class Support:
    member: Member
    login: Login
    code: CodeAnswer
    # The answers in words, as the page shows them.
    login_headline: str
    login_details: list[str]
    code_headline: str
    code_details: list[str]
    codes: list[CodeRow]
    events: list[EventRow]
    waivers: list[WaiverRow]

    @property
    def capped(self) -> bool:
        """An hourly or daily cap is what holds the next code back."""
        return any(block.reason in codes.WAIVABLE for block in self.code.blocks)

    @property
    def data_not_updated(self) -> bool:
        return any(block.reason == "data_not_updated" for block in self.code.blocks)


def member_support(member: Member, now: datetime) -> Support:
    """Everything the support page shows about the member, as of `now`."""
    login, code = login_answer(member, now), code_answer(member, now)
    code_headline, code_details = sentences.code_lines(code, now)
    return Support(
        member=member,
        login=login,
        code=code,
        login_headline=sentences.login_headline(login, now),
        login_details=sentences.login_details(login),
        code_headline=code_headline,
        code_details=code_details,
        codes=last_codes(member, now),
        events=last_events(member, now),
        waivers=last_waivers(member, now),
    )


def login_answer(member: Member, now: datetime) -> Login:
    failed = SecurityEvent.objects.filter(member=member, kind=Kind.LOGIN_FAILED)
    # Refused during a lock, or counted against a known browser alone: no part of
    # the member's count.
    wrong = failed.exclude(detail__in=["locked", "known_device"])
    locked = member.is_locked(now)
    lock = None
    if locked:
        lock = (
            SecurityEvent.objects.filter(member=member, kind=Kind.LOCKED)
            .order_by("-created_at")
            .first()
        )
    if lock is not None:
        behind = wrong.filter(created_at__lte=lock.created_at)
        count = settings.JMO_LOGIN_MAX_FAILURES
        refused = failed.filter(detail="locked", created_at__gte=lock.created_at)
    else:
        behind, count, refused = wrong, member.failed_login_count, failed.none()
    addresses = list(
        behind.order_by("-created_at").values_list("ip", flat=True)[:count]
    )
    return Login(
        active=member.is_active,
        locked_until=member.locked_until if locked else None,
        failures=len(addresses),
        sources=Counter(ip or "?" for ip in addresses).most_common(),
        refused_while_locked=refused.count(),
    )


def code_answer(member: Member, now: datetime) -> CodeAnswer:
    """Whether a reset code would go out if asked for now, and if not why."""
    blocks = []
    if not member.is_active:
        blocks.append(Block("inactive"))
    if member.email_verified_at is None:
        blocks.append(Block("email_unverified"))
    if member.data_updated_at is None:
        blocks.append(Block("data_not_updated"))
    blocks += [Block(r.reason, r.until) for r in codes.refusals(member, RESET, now)]
    mailbox = limits.private_key(member.email)
    wait = limits.seconds_until_room(limits.MAILS_PER_ADDRESS, mailbox)
    if wait:
        blocks.append(Block("mailbox_daily_cap", now + timedelta(seconds=wait)))
    return CodeAnswer(
        blocks=blocks,
        pending_since=None if blocks else pending_request(member, now),
        waiver=codes.open_waiver(member, now),
    )


def pending_request(member: Member, now: datetime) -> datetime | None:
    """When the newest reset request for the member was made, if no task answered."""
    since = now - timedelta(seconds=PENDING_REQUEST_SECONDS)
    requested = (
        SecurityEvent.objects.filter(
            kind=Kind.CODE_REQUESTED,
            member=None,
            email=member.email,
            created_at__gt=since,
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if requested is None:
        return None
    coded = member.verification_codes.filter(purpose=RESET, created_at__gte=requested)
    refused = member.security_events.filter(
        kind__in=TASK_ANSWERS, created_at__gte=requested
    )
    return None if coded.exists() or refused.exists() else requested


def last_codes(member: Member, now: datetime) -> list[CodeRow]:
    rows = member.verification_codes.order_by("-created_at")[:CODES_SHOWN]
    return [
        CodeRow(
            created_at=code.created_at,
            purpose=code.get_purpose_display(),
            status=sentences.code_status_label(code_status(code, now)),
            sent_to=sentences.masked(code.sent_to),
            known_device=code.from_known_device,
            attempts=code.attempts,
        )
        for code in rows
    ]


def code_status(code: VerificationCode, now: datetime) -> str:
    """The model's status, with a retired code told apart by why it was retired."""
    status = code.status(now, settings.JMO_CODE_MAX_ATTEMPTS)
    if status == "retired":
        return code.retired_reason or "replaced"
    return status


def last_events(member: Member, now: datetime) -> list[EventRow]:
    """The member's newest events, with those filed under the address alone."""
    since = now - timedelta(days=ADDRESS_EVENTS_DAYS)
    events = SecurityEvent.objects.select_related("actor")
    own = events.filter(member=member).order_by("-created_at")[:EVENTS_SHOWN]
    by_address = events.filter(
        Q(member=None) & Q(email=member.email) & Q(created_at__gte=since)
    ).order_by("-created_at")[:EVENTS_SHOWN]
    newest = sorted(
        [*own, *by_address], key=lambda event: event.created_at, reverse=True
    )
    return [
        EventRow(
            created_at=event.created_at,
            sentence=sentences.event_sentence(event),
            actor=sentences.operator_name(event.actor),
        )
        for event in newest[:EVENTS_SHOWN]
    ]


def last_waivers(member: Member, now: datetime) -> list[WaiverRow]:
    waivers = member.limit_waivers.select_related("granted_by").order_by("-created_at")
    return [
        WaiverRow(
            created_at=waiver.created_at,
            granted_by=sentences.operator_name(waiver.granted_by),
            reason=sentences.reason_text(
                sentences.reason_detail(waiver.reason, waiver.note)
            ),
            state=sentences.waiver_state(waiver, now, codes.WAIVER_TTL),
        )
        for waiver in waivers[:WAIVERS_SHOWN]
    ]
