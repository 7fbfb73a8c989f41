"""
Issue and verify the six-digit codes that members receive by email.

Invariants:
- A code is drawn with `secrets` and leaves this module only in the return value of
  `issue_code`; the database holds an HMAC-SHA256 of it keyed by SECRET_KEY (and bound
  to the member and purpose), so a leaked table reveals no code.
- A member has at most one live code per purpose: issuing retires the older ones
  (as "replaced", so the page can say a newer email came). Codes asked for in a
  browser the member proved themselves in (known_devices.py) are a pool of their
  own, with their own cool-down and caps and their own live code: requests from
  anywhere else can neither spend them nor replace them.
- A code verifies only the address it was mailed to, and only while that is still
  the member's address; a change of email or password retires it (Member.save).
- Issuing is refused inside the resend cool-down and past the hourly and daily caps,
  counted from the rows themselves under a lock on the member row. An operator's
  waiver (LimitWaiver) lets one code past the caps, never past the cool-down; the
  code that needs it spends it under the same lock, so it serves one code only.
- A guess counts only if its conditional UPDATE spends one of the code's attempts, so
  parallel guesses can never have more than JMO_CODE_MAX_ATTEMPTS answers. The right
  code's UPDATE spends the attempt and verifies it in one statement.
- Verifying and using are conditional UPDATEs on NULL columns: of any number of racing
  requests exactly one wins each step.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import LimitWaiver, Member, VerificationCode

CODE_DIGITS = 6
Purpose = VerificationCode.Purpose
# The refusals an operator's waiver lifts (the cool-down stays: it is one minute).
WAIVABLE = ("code_hourly_cap", "code_daily_cap")
# A waiver is for the call in progress: unspent after an hour, it lapses.
WAIVER_TTL = timedelta(hours=1)


class CodeRefused(Exception):
    """No code was issued; `reason` says which limit refused it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def hash_code(member_pk: int, purpose: str, code: str) -> str:
    value = f"{purpose}:{member_pk}:{code}"
    return salted_hmac("accounts.codes", value, algorithm="sha256").hexdigest()


def issue_code(
    member: Member,
    purpose: str,
    honour_cooldown: bool = True,
    sent_to: str = "",
    known_device: bool = False,
) -> str:
    """
    Create a new code for the member and return it; raise CodeRefused if limited.
    `sent_to` is the address the code goes to when it is not the member's own (an
    email change). Only the rerun of a task whose worker died skips the cool-down:
    its earlier code never left the server.
    """
    with transaction.atomic():
        # The member row lock makes concurrent requests count the rows one at a time;
        # the clock is read after it, so the count sees every code issued before now.
        # NO KEY: other transactions may still insert rows that refer to the member
        # (events, codes) meanwhile; a plain FOR UPDATE blocks them into deadlocks
        # with a code entry that holds this member's code row.
        Member.objects.select_for_update(no_key=True).filter(pk=member.pk).exists()
        now = timezone.now()
        codes = VerificationCode.objects.filter(
            member=member, purpose=purpose, from_known_device=known_device
        )
        refusal = _refusal_reason(codes, now, honour_cooldown)
        if refusal in WAIVABLE and _spend_waiver(member, now):
            refusal = ""
        if refusal:
            raise CodeRefused(refusal)
        codes.filter(used_at__isnull=True, retired_at__isnull=True).update(
            retired_at=now, retired_reason=VerificationCode.RetiredReason.REPLACED
        )
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        VerificationCode.objects.create(
            member=member,
            purpose=purpose,
            code_hash=hash_code(member.pk, purpose, code),
            sent_to=sent_to or member.email,
            from_known_device=known_device,
            created_at=now,
            expires_at=now + timedelta(seconds=settings.JMO_CODE_TTL_SECONDS),
        )
    return code


def withdraw_code(member: Member, purpose: str, code: str) -> None:
    """Delete a code that never reached the member: it must neither verify nor count."""
    VerificationCode.objects.filter(
        member=member, purpose=purpose, code_hash=hash_code(member.pk, purpose, code)
    ).delete()


def _refusal_reason(codes: QuerySet, now, honour_cooldown: bool) -> str:
    """The first limit the codes of the last day reach, counted in one query."""
    cooldown = timedelta(seconds=settings.JMO_CODE_RESEND_COOLDOWN_SECONDS)
    counts = codes.filter(created_at__gt=now - timedelta(days=1)).aggregate(
        cooldown=Count("pk", filter=Q(created_at__gt=now - cooldown)),
        hour=Count("pk", filter=Q(created_at__gt=now - timedelta(hours=1))),
        day=Count("pk"),
    )
    if honour_cooldown and counts["cooldown"]:
        return "code_cooldown"
    if counts["hour"] >= settings.JMO_CODES_PER_HOUR:
        return "code_hourly_cap"
    if counts["day"] >= settings.JMO_CODES_PER_DAY:
        return "code_daily_cap"
    return ""


def _spend_waiver(member: Member, now) -> bool:
    waiver = open_waiver(member, now)
    return waiver is not None and bool(
        LimitWaiver.objects.filter(pk=waiver.pk, used_at__isnull=True).update(
            used_at=now
        )
    )


def open_waiver(member: Member, now) -> LimitWaiver | None:
    """The member's unspent waiver that has not lapsed, if there is one."""
    return (
        LimitWaiver.objects.filter(
            member=member, used_at__isnull=True, created_at__gt=now - WAIVER_TTL
        )
        .order_by("created_at")
        .first()
    )


@dataclass(frozen=True)
class Refusal:
    reason: str  # as CodeRefused's: code_cooldown, code_hourly_cap, code_daily_cap
    until: datetime  # from then on this limit lets a code through again


def refusals(
    member: Member, purpose: str, now, known_device: bool = False
) -> list[Refusal]:
    """
    Every limit that would make `issue_code` refuse a code now, in the order it
    checks them, each with the moment it lifts (if no code is issued meanwhile); an
    open waiver lifts the caps. Reads only.
    """
    rules = [
        (
            "code_cooldown",
            timedelta(seconds=settings.JMO_CODE_RESEND_COOLDOWN_SECONDS),
            1,
        ),
        ("code_hourly_cap", timedelta(hours=1), settings.JMO_CODES_PER_HOUR),
        ("code_daily_cap", timedelta(days=1), settings.JMO_CODES_PER_DAY),
    ]
    longest = max(window for _, window, _ in rules)
    newest_first = list(
        VerificationCode.objects.filter(
            member=member,
            purpose=purpose,
            from_known_device=known_device,
            created_at__gt=now - longest,
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    waived = open_waiver(member, now) is not None
    found = []
    for reason, window, cap in rules:
        inside = [created for created in newest_first if created > now - window]
        if len(inside) >= cap and not (waived and reason in WAIVABLE):
            # The cap-th newest code leaving the window makes room for one more.
            found.append(Refusal(reason, inside[cap - 1] + window))
    return found


def live_codes(member: Member, purpose: str, now, known_device=False) -> QuerySet:
    """Codes that can still be verified: unverified, unused, not retired or expired."""
    return VerificationCode.objects.filter(
        member=member,
        purpose=purpose,
        from_known_device=known_device,
        verified_at__isnull=True,
        used_at__isnull=True,
        retired_at__isnull=True,
        expires_at__gte=now,
        attempts__lt=settings.JMO_CODE_MAX_ATTEMPTS,
    )


def verify_code(
    member: Member, purpose: str, code: str, sent_to: str, known_device: bool = False
) -> VerificationCode | None:
    """
    Spend one attempt on the member's live code; return the code if it matches. It
    must have been mailed to `sent_to`, and, unless it proves a new address, that
    must still be the member's address.
    """
    now = timezone.now()
    codes = live_codes(member, purpose, now, known_device)
    candidate = codes.order_by("-created_at").first()
    if candidate is None or candidate.sent_to != sent_to:
        return None
    if purpose != Purpose.EMAIL_CHANGE and sent_to != member.email:
        return None
    typed = hash_code(member.pk, purpose, code.strip())
    attempt = VerificationCode.objects.filter(
        pk=candidate.pk, attempts__lt=settings.JMO_CODE_MAX_ATTEMPTS
    )
    if not constant_time_compare(candidate.code_hash, typed):
        attempt.update(attempts=F("attempts") + 1)
        return None
    won = attempt.filter(
        verified_at__isnull=True,
        used_at__isnull=True,
        retired_at__isnull=True,
        expires_at__gte=now,
    ).update(attempts=F("attempts") + 1, verified_at=now)
    if won != 1:
        return None
    candidate.verified_at = now
    candidate.attempts += 1
    return candidate


def was_replaced(member: Member, purpose: str, code: str) -> bool:
    """Whether `code` is one of the member's codes that a newer email replaced."""
    return VerificationCode.objects.filter(
        member=member,
        purpose=purpose,
        retired_reason=VerificationCode.RetiredReason.REPLACED,
        code_hash=hash_code(member.pk, purpose, code.strip()),
    ).exists()


def use_verified_code(code: VerificationCode) -> bool:
    """Mark a verified code used, once, within the window to set the password."""
    now = timezone.now()
    window = timedelta(seconds=settings.JMO_VERIFIED_SESSION_TTL_SECONDS)
    used = VerificationCode.objects.filter(
        pk=code.pk,
        verified_at__gte=now - window,
        used_at__isnull=True,
        retired_at__isnull=True,
    ).update(used_at=now)
    if used != 1:
        return False
    code.used_at = now
    return True
