import time

from django.core.management.base import BaseCommand, CommandError

from accounts.registration.participants import COLUMNS, import_participants


class Command(BaseCommand):
    help = (
        "Load participants from a CSV file with the header "
        f"{','.join(COLUMNS)} (date as YYYY-MM-DD). Idempotent; reports rows added, "
        "updated and rejected, with the reason for each rejected row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            with open(options["file"], newline="", encoding="utf-8-sig") as lines:
                report = import_participants(lines)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"Cannot import {options['file']}: {error}") from None
        for line, reason in report.rejected:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"Added {report.added}, updated {report.updated}, unchanged "
            f"{report.unchanged}, rejected {len(report.rejected)} "
            f"in {time.monotonic() - started:.1f} s."
        )
