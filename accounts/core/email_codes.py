"""
Mailing the codes that prove a member reads an address ("Verifikasi Email"), for
registration and self-service alike, and the notice to the owner of an address that
someone else tried to use.
"""

from accounts.models import Member

from . import tasks
from .clients import Client
from .codes import Purpose
from .events import Kind, record_event


def request_verification(member: Member, client: Client) -> None:
    detail = Purpose.EMAIL_VERIFICATION
    record_event(Kind.CODE_REQUESTED, client=client, member=member, detail=detail)
    enqueue_code(member, Purpose.EMAIL_VERIFICATION, member.email, client)


def notify_address_in_use(email: str, client: Client) -> None:
    tasks.send_email_in_use.enqueue(
        email, client.ip, client.user_agent, client.language
    )


def enqueue_code(member: Member, purpose: str, to: str, client: Client) -> None:
    tasks.send_email_code.enqueue(
        member.pk, purpose, to, client.ip, client.user_agent, client.language
    )
