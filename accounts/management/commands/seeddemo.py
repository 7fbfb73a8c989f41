import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.core.members import demo_email, seed_demo_members


class Command(BaseCommand):
    help = (
        "Insert N eligible demo members demo0@example.com ... sharing one password "
        "(hashed once). Existing demo members are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True)
        parser.add_argument("--password", default="Pakai001")
        parser.add_argument(
            "--not-eligible",
            action="store_true",
            help="Members pending0@example.com ... who have not done pengkinian data.",
        )

    def handle(self, *args, **options):
        count = options["members"]
        if count < 1:
            raise CommandError("--members must be at least 1.")
        started = time.monotonic()
        try:
            eligible = not options["not_eligible"]
            created = seed_demo_members(count, options["password"], eligible)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        emails = f"{demo_email(0, eligible)} … {demo_email(count - 1, eligible)}"
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Created {created} demo members ({emails}, password "
            f"{options['password']}) in {seconds:.1f} s."
        )
