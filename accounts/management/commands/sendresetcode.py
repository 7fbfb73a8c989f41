from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus

from accounts.recovery.reset import request_reset

from ._common import command_client, member_by_email


class Command(BaseCommand):
    help = (
        "Send a password-reset code to a member through the normal path (same limits, "
        "same email, same audit trail). The code is never printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        member = member_by_email(options["email"])
        result = request_reset(member.email, command_client("sendresetcode"))
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"{member.email}: {result.return_value}")
        else:
            self.stdout.write(f"{member.email}: queued as task {result.id}")
