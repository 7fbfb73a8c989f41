"""Retention and reporting over the audit trail and the code rows."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from accounts.models import Member, SecurityEvent, VerificationCode

Kind = SecurityEvent.Kind
FAILURE_KINDS = [Kind.LOGIN_FAILED, Kind.CODE_REJECTED]

# The per-member caps count a day of code rows, so none may go before a day is over,
# even when it expired after ten minutes.
CODE_ROW_LIFETIME = timedelta(days=1)


def purge_old_records(dry_run: bool = False) -> tuple[int, int]:
    """Delete dead codes and events past retention; return (codes, events) removed."""
    now = timezone.now()
    codes = VerificationCode.objects.filter(created_at__lt=now - CODE_ROW_LIFETIME)
    retention = timedelta(days=settings.JMO_SECURITY_EVENT_RETENTION_DAYS)
    events = SecurityEvent.objects.filter(created_at__lt=now - retention)
    if dry_run:
        return codes.count(), events.count()
    return codes.delete()[0], events.delete()[0]


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
