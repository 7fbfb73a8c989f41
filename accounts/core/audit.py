"""Retention and reporting over the audit trail and the code rows."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.dispatch import Signal
from django.utils import timezone

from accounts.models import Journey, Member, SecurityEvent, VerificationCode

from .clients import Client
from .events import record_event

Kind = SecurityEvent.Kind
FAILURE_KINDS = [Kind.LOGIN_FAILED, Kind.CODE_REJECTED]

# The per-member caps count a day of code rows, so none may go before a day is over,
# even when it expired after ten minutes.
CODE_ROW_LIFETIME = timedelta(days=1)


# Sent by `purgecodes` after its own work: apps built on top of accounts (support)
# purge their records too, without accounts importing them. Each receiver returns
# one line saying what it removed.
purge_requested = Signal()


@dataclass(frozen=True)
class Purged:
    codes: int
    journeys: int
    events: int
    accounts: int = 0


def purge_old_records(dry_run: bool = False, client: Client | None = None) -> Purged:
    """
    Delete dead codes and journeys, events past retention, and the accounts that
    never proved their address; say how many.
    """
    now = timezone.now()
    codes = VerificationCode.objects.filter(created_at__lt=now - CODE_ROW_LIFETIME)
    # A journey lives no longer than its codes: a day after it began it is dead.
    journeys = Journey.objects.filter(created_at__lt=now - CODE_ROW_LIFETIME)
    retention = timedelta(days=settings.JMO_SECURITY_EVENT_RETENTION_DAYS)
    events = SecurityEvent.objects.filter(created_at__lt=now - retention)
    if dry_run:
        accounts = unverified_accounts(now).count()
        return Purged(codes.count(), journeys.count(), events.count(), accounts)
    accounts = release_unverified_accounts(now, client or Client())
    return Purged(codes.delete()[0], journeys.delete()[0], events.delete()[0], accounts)


def unverified_accounts(now):
    """
    Accounts "Daftar" opened whose address was never proved, never logged in, older
    than JMO_UNVERIFIED_ACCOUNT_DAYS: most likely a mistyped address, holding the
    participant's NIK so that nobody can register it. Accounts an operator made
    (createmember, the admin) and staff are never among them.
    """
    cutoff = now - timedelta(days=settings.JMO_UNVERIFIED_ACCOUNT_DAYS)
    registered = SecurityEvent.objects.filter(kind=Kind.REGISTERED).values("member")
    return Member.objects.filter(
        pk__in=registered,
        email_verified_at__isnull=True,
        last_login__isnull=True,
        date_joined__lt=cutoff,
        is_staff=False,
        is_superuser=False,
    ).exclude(nik="")


def release_unverified_accounts(now, client: Client) -> int:
    """Delete them one by one, each recorded; one verified meanwhile is kept."""
    released = 0
    for member in unverified_accounts(now).only("pk", "email", "date_joined"):
        with transaction.atomic():
            still = unverified_accounts(now).filter(pk=member.pk)
            if not still.select_for_update().exists():
                continue
            still.delete()
            detail = f"never verified, opened {member.date_joined:%Y-%m-%d}"
            record_event(
                Kind.UNVERIFIED_ACCOUNT_REMOVED,
                client=client,
                email=member.email,
                detail=detail,
            )
        released += 1
    return released


@dataclass(frozen=True)
class SecurityReport:
    since: object
    counts: dict
    top_failing_ips: list
    locked_members: list


def security_report(days: int, top: int = 10) -> SecurityReport:
    now = timezone.now()
    since = now - timedelta(days=days)
    recent = SecurityEvent.objects.filter(created_at__gte=since)
    # order_by() drops the model's default ordering, which would split the groups.
    counts = dict(recent.order_by().values_list("kind").annotate(n=Count("id")))
    failing = (
        recent.filter(kind__in=FAILURE_KINDS, ip__isnull=False)
        .order_by()
        .values_list("ip")
        .annotate(n=Count("id"))
        .order_by("-n", "ip")[:top]
    )
    locked = Member.objects.filter(locked_until__gt=now).order_by("locked_until")
    return SecurityReport(
        since=since,
        counts={kind: counts.get(kind, 0) for kind in Kind.values},
        top_failing_ips=list(failing),
        locked_members=list(locked.values_list("email", "locked_until")),
    )
