from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.core.clients import Client

from ...housekeeping import purge


class Command(BaseCommand):
    help = (
        "Delete the KTP photos and selfies of Pemulihan Akun requests "
        "JMO_RECOVERY_IMAGE_DAYS after the decision (the decision and its reasons "
        "stay), let requests undecided for JMO_RECOVERY_EXPIRY_DAYS lapse, and drop "
        "unused email proofs. Safe to run from cron, next to purgecodes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count, but change nothing."
        )

    def handle(self, *args, **options):
        client = Client(user_agent="manage.py purgerecoveryimages")
        purged = purge(client, dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            f"{verb} {purged.images} recovery images (older than "
            f"{settings.JMO_RECOVERY_IMAGE_DAYS} days after the decision) and "
            f"{purged.proofs} unused email proofs; {purged.expired} undecided "
            "requests expired."
        )
