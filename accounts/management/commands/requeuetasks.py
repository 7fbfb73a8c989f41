from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "Queue again the tasks that a killed task worker left running. Run it from "
        "cron "
        "every minute; --older-than must exceed the longest task (an SMTP timeout)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=300,
            help="Seconds a task must have been running (default 300).",
        )

    def handle(self, *args, **options):
        if options["older_than"] < 0:
            raise CommandError("--older-than must not be negative.")
        started_before = timezone.now() - timedelta(seconds=options["older_than"])
        stranded = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=started_before
        )
        count = stranded.update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(f"Queued {count} stranded tasks again.")
