from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.core.audit import security_report


class Command(BaseCommand):
    help = "Counts of each security event, top IPs by failures, and locked accounts."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--top", type=int, default=10, help="How many IPs.")

    def handle(self, *args, **options):
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        report = security_report(options["days"], options["top"])
        since = timezone.localtime(report.since)
        self.stdout.write(f"Security events since {since:%Y-%m-%d %H:%M %Z}:")
        for kind, count in report.counts.items():
            self.stdout.write(f"  {kind:<22} {count}")
        self.stdout.write("Top IPs by failed logins and wrong codes:")
        for ip, count in report.top_failing_ips or [("(none)", "")]:
            self.stdout.write(f"  {ip:<39} {count}")
        self.stdout.write(f"Locked accounts now: {len(report.locked_members)}")
        for email, until in report.locked_members:
            self.stdout.write(f"  {email} until {timezone.localtime(until):%H:%M}")
