from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from support.models import RecoveryImage, RecoveryRequest

from .helpers import NEW_EMAIL, make_request


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_images_go_thirty_days_after_the_decision(registered):
    request = make_request(registered, status="ditolak")
    RecoveryRequest.objects.update(decided_at=timezone.now() - timedelta(days=31))
    run("purgecodes")
    assert not RecoveryImage.objects.exists()
    request.refresh_from_db()
    assert request.status == "ditolak" and request.images_deleted_at


def test_images_stay_until_thirty_days_after_the_decision(registered):
    make_request(registered, status="ditolak")
    RecoveryRequest.objects.update(decided_at=timezone.now() - timedelta(days=29))
    run("purgecodes")
    assert RecoveryImage.objects.count() == 2


def test_images_of_open_requests_stay(registered):
    make_request(registered, age=timedelta(days=13))
    run("purgecodes")
    assert RecoveryImage.objects.count() == 2


def test_undecided_request_lapses_after_fourteen_days(registered, mailoutbox):
    request = make_request(registered, age=timedelta(days=15))
    run("purgecodes")
    request.refresh_from_db()
    assert request.status == "kedaluwarsa"
    assert mailoutbox[-1].to == [NEW_EMAIL] and "14 hari" in mailoutbox[-1].body


def test_dry_run_changes_nothing(registered):
    make_request(registered, status="ditolak")
    RecoveryRequest.objects.update(decided_at=timezone.now() - timedelta(days=31))
    assert "Would delete 2" in run("purgecodes", "--dry-run")
    assert RecoveryImage.objects.count() == 2


def test_report_counts_by_status_and_the_median_time(registered, participant):
    for hours, status in [(10, "disetujui"), (30, "ditolak"), (50, "ditolak")]:
        request = make_request(registered, age=timedelta(hours=60), status=status)
        request.decided_at = request.created_at + timedelta(hours=hours)
        request.save()
    make_request(participant=participant, age=timedelta(hours=1))
    report = run("recoveryreport")
    assert "ditolak            2" in report and "baru               1" in report
    assert "Median time to a decision: 30.0 hours (3 decided)" in report
