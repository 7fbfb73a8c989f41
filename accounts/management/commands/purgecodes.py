from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.core.audit import purge_old_records


class Command(BaseCommand):
    help = (
        "Delete verification codes and journeys older than a day (the per-member caps "
        "count a day of codes) and security events older than "
        "JMO_SECURITY_EVENT_RETENTION_DAYS. Safe to run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count, but delete nothing."
        )

    def handle(self, *args, **options):
        purged = purge_old_records(dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        days = settings.JMO_SECURITY_EVENT_RETENTION_DAYS
        self.stdout.write(
            f"{verb} {purged.codes} verification codes and {purged.journeys} "
            f"journeys (older than a day) and {purged.events} security events "
            f"(older than {days} days)."
        )
