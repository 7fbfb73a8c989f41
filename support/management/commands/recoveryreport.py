from django.core.management.base import BaseCommand, CommandError

from ...housekeeping import queue_report


class Command(BaseCommand):
    help = (
        "The Pemulihan Akun queue: requests by status and the median time to a "
        "decision (a sibling of securityreport)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, **options):
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        report = queue_report(options["days"])
        self.stdout.write(f"Recovery requests of the last {options['days']} days:")
        for status, count in report.counts.items():
            self.stdout.write(f"  {status:<18} {count}")
        if report.median_hours is None:
            self.stdout.write("Median time to a decision: (none decided)")
        else:
            self.stdout.write(
                f"Median time to a decision: {report.median_hours:.1f} hours "
                f"({report.decided} decided)"
            )
