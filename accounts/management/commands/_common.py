"""What every operator command shares: finding a member and the command's client."""

import getpass

from django.core.management.base import CommandError

from accounts.core.clients import Client
from accounts.models import Member, MemberManager


def member_by_email(email: str) -> Member:
    member = Member.objects.filter(email=MemberManager.normalize_email(email)).first()
    if member is None:
        raise CommandError(f"No member with the email {email!r}.")
    return member


def command_client(name: str) -> Client:
    """Events written by a command name it, and the operator who ran it, as their
    user agent (a command has no staff login to name as actor)."""
    return Client(user_agent=f"manage.py {name} by {getpass.getuser()}")
