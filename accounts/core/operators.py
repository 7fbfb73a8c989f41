"""
What staff do to a member, in the admin or by command: always under their own name.

Invariants:
- Every change an operator makes to a member's email, password, lock, eligibility or
  codes writes a security event whose actor is the operator.
- The member is told by email of each such change; a new email address is told, and
  so is the old one.
- A code an operator sends is the operator's request, recorded as such, through the
  same task and limits as the member's own request.
"""

from accounts.models import Member

from . import tasks
from .clients import Client
from .events import Kind, record_event

# What the notice says was changed, one key per kind of change.
CHANGES = [
    "email",
    "password",
    "unlocked",
    "email_verified",
    "data_updated",
    "active",
    "code_sent",
    "limit_lifted",
]


def record_change(
    member: Member,
    operator: Member,
    changes: list[str],
    client: Client,
    old_email: str = "",
) -> None:
    """Record what the operator changed and tell the member (and the old address)."""
    changes = [change for change in CHANGES if change in changes]
    if not changes:
        return
    detail = " ".join(changes)
    if old_email and old_email != member.email:
        detail += f" from {old_email}"
    record_event(
        Kind.ACCOUNT_CHANGED_BY_OPERATOR,
        client=client,
        member=member,
        detail=detail,
        actor=operator,
    )
    addresses = [member.email] + ([old_email] if "email" in changes else [])
    for address in dict.fromkeys(filter(None, addresses)):
        tasks.send_operator_change_notice.enqueue(
            member.pk, changes, address, client.language
        )
