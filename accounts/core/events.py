"""Writes the append-only security audit trail."""

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
) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        member=member,
        email=email or (member.email if member else ""),
        ip=client.ip,
        user_agent=client.user_agent,
        detail=detail,
    )
