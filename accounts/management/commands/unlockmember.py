from django.core.management.base import BaseCommand

from accounts.core.lockout import unlock

from ._common import command_client, member_by_email


class Command(BaseCommand):
    help = "Unlock a member's account at once and record it in the audit trail."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        member = member_by_email(options["email"])
        if unlock(member, command_client("unlockmember"), detail="command"):
            self.stdout.write(f"Unlocked {member.email}.")
        else:
            self.stdout.write(f"{member.email} was not locked; failure count cleared.")
