from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.core.audit import purge_old_records, purge_requested

from ._common import command_client


class Command(BaseCommand):
    help = (
        "Delete verification codes and journeys older than a day (the per-member caps "
        "count a day of codes), security events older than "
        "JMO_SECURITY_EVENT_RETENTION_DAYS, and accounts opened by Daftar that never "
        "verified their email nor logged in within JMO_UNVERIFIED_ACCOUNT_DAYS (so "
        "the participant can register again; each one is recorded). Safe to run "
        "from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count, but delete nothing."
        )

    def handle(self, *args, **options):
        purged = purge_old_records(
            dry_run=options["dry_run"], client=command_client("purgecodes")
        )
        verb = "Would delete" if options["dry_run"] else "Deleted"
        days = settings.JMO_SECURITY_EVENT_RETENTION_DAYS
        self.stdout.write(
            f"{verb} {purged.codes} verification codes and {purged.journeys} "
            f"journeys (older than a day), {purged.events} security events "
            f"(older than {days} days) and {purged.accounts} unverified accounts "
            f"(older than {settings.JMO_UNVERIFIED_ACCOUNT_DAYS} days)."
        )
        replies = purge_requested.send(
            sender=self.__class__, dry_run=options["dry_run"]
        )
        for _receiver, line in replies:
            self.stdout.write(line)
