"""Retention and reporting of the Pemulihan Akun queue (run by the commands)."""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from accounts.core.clients import Client
from accounts.core.events import Kind, record_event

from . import decisions, tasks
from .models import RecoveryEmailProof, RecoveryImage, RecoveryRequest

Status = RecoveryRequest.Status
DECIDED = [Status.APPROVED, Status.REJECTED]


@dataclass(frozen=True)
class Purged:
    images: int
    expired: int
    proofs: int


def purge(client: Client, dry_run: bool = False) -> Purged:
    """
    Delete the images JMO_RECOVERY_IMAGE_DAYS after a request ended (the request,
    its decision and reasons stay), let requests undecided for
    JMO_RECOVERY_EXPIRY_DAYS lapse, and drop unspent email proofs after a day.
    """
    now = timezone.now()
    image_cutoff = now - timedelta(days=settings.JMO_RECOVERY_IMAGE_DAYS)
    ended = RecoveryRequest.objects.filter(decided_at__lt=image_cutoff)
    images = RecoveryImage.objects.filter(request__in=ended)
    stale = RecoveryRequest.objects.filter(
        status__in=RecoveryRequest.OPEN,
        created_at__lt=now - timedelta(days=settings.JMO_RECOVERY_EXPIRY_DAYS),
    )
    proofs = RecoveryEmailProof.objects.filter(
        request__isnull=True, created_at__lt=now - timedelta(days=1)
    )
    if dry_run:
        return Purged(images.count(), stale.count(), proofs.count())
    expired = 0
    for request in stale:
        if RecoveryRequest.objects.filter(
            pk=request.pk, status__in=RecoveryRequest.OPEN
        ).update(status=Status.EXPIRED, decided_at=now):
            detail = f"{request.number} expired"
            record_event(
                Kind.RECOVERY_REJECTED,
                client=client,
                member=request.member,
                detail=detail,
            )
            tasks.send_decision.enqueue(request.pk)
            expired += 1
    deleted = images.delete()[0]
    ended.filter(images_deleted_at__isnull=True).update(images_deleted_at=now)
    return Purged(deleted, expired, proofs.delete()[0])


@dataclass(frozen=True)
class QueueReport:
    counts: dict
    decided: int
    median_hours: float | None


def queue_report(days: int) -> QueueReport:
    """Counts by status of the requests received in `days`, and the median time
    from receipt to a decision (approved or rejected)."""
    since = timezone.now() - timedelta(days=days)
    recent = RecoveryRequest.objects.filter(created_at__gte=since)
    counts = dict(recent.order_by().values_list("status").annotate(n=Count("id")))
    durations = [
        (decided - created).total_seconds() / 3600
        for created, decided in recent.filter(status__in=DECIDED).values_list(
            "created_at", "decided_at"
        )
    ]
    return QueueReport(
        counts={status: counts.get(status, 0) for status in Status.values},
        decided=len(durations),
        median_hours=median(durations) if durations else None,
    )


def purge_with_accounts(sender, dry_run=False, **kwargs) -> str:
    """Receiver of accounts' `purge_requested`: `purgecodes` purges these too."""
    applied = 0 if dry_run else decisions.apply_due()  # before the lapse of stale ones
    purged = purge(Client(user_agent="manage.py purgecodes"), dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    return (
        f"{verb} {purged.images} recovery images (older than "
        f"{settings.JMO_RECOVERY_IMAGE_DAYS} days after the decision) and "
        f"{purged.proofs} unused email proofs; {purged.expired} undecided "
        f"requests expired; {applied} approved requests applied after their wait."
    )
