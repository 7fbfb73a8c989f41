"""Writes the append-only security audit trail, with the operator as actor."""

from accounts.models import Member, SecurityEvent

from .clients import Client

Kind = SecurityEvent.Kind


def record_event(
    kind: str,
    *,
    client: Client,
    member: Member | None = None,
    email: str = "",
    detail: str = "",
    actor: Member | None = None,
) -> SecurityEvent:
    """One event; `actor` names the operator when staff acted on a member."""
    return SecurityEvent.objects.create(
        kind=kind,
        member=member,
        email=(email or (member.email if member else ""))[:254],
        ip=client.ip,
        user_agent=client.user_agent,
        detail=detail[:200],
        actor=actor,
    )
