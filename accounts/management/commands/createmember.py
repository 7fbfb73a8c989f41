import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.core.members import create_member


class Command(BaseCommand):
    help = (
        "Create a member who can reset the password (email verified, data updated). "
        "The password comes from --password, else from the first line of standard "
        "input, else from a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Full name.")
        parser.add_argument("--nik", default="", help="NIK, 16 digits.")
        parser.add_argument("--kpj", default="", help="KPJ number.")
        parser.add_argument("--password", help="Avoid on shared machines: use stdin.")
        parser.add_argument(
            "--not-eligible",
            action="store_true",
            help="Leave the email unverified and the data not updated.",
        )

    def handle(self, *args, **options):
        password = options["password"] or self.read_password()
        try:
            member = create_member(
                options["email"],
                password,
                full_name=options["name"],
                nik=options["nik"],
                kpj_number=options["kpj"],
                eligible=not options["not_eligible"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created member {member.email} (id {member.pk}).")

    def read_password(self) -> str:
        if not sys.stdin.isatty():
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords do not match.")
        return first
