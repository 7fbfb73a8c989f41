"""Retention and reporting over the audit trail and the code rows."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from accounts.models import Journey, Member, SecurityEvent, VerificationCode

Kind = SecurityEvent.Kind
FAILURE_KINDS = [Kind.LOGIN_FAILED, Kind.CODE_REJECTED]

# The per-member caps count a day of code rows, so none may go before a day is over,
# even when it expired after ten minutes.
CODE_ROW_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class Purged:
    codes: int
    journeys: int
    events: int


def purge_old_records(dry_run: bool = False) -> Purged:
    """Delete dead codes and journeys, and events past retention; say how many."""
    now = timezone.now()
    codes = VerificationCode.objects.filter(created_at__lt=now - CODE_ROW_LIFETIME)
    # A journey lives no longer than its codes: a day after it began it is dead.
    journeys = Journey.objects.filter(created_at__lt=now - CODE_ROW_LIFETIME)
    retention = timedelta(days=settings.JMO_SECURITY_EVENT_RETENTION_DAYS)
    events = SecurityEvent.objects.filter(created_at__lt=now - retention)
    if dry_run:
        return Purged(codes.count(), journeys.count(), events.count())
    return Purged(codes.delete()[0], journeys.delete()[0], events.delete()[0])


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
