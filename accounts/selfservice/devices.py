"""
The devices a member is logged in on ("Perangkat").

Invariants:
- Only a hash of each session key is stored; the key is a bearer credential.
- Ending the other devices bumps the member's session generation, which changes
  the session auth hash: every other session is refused on its next request, on any
  session backend (database, cache or signed cookies). The caller keeps its own
  session with update_session_auth_hash.
- "Last seen" is written at most every five minutes per device, never per request.
"""

from datetime import timedelta
from hashlib import sha256

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member, MemberSession

SEEN_EVERY = timedelta(minutes=5)


def _hash(session_key: str) -> str:
    return sha256(session_key.encode()).hexdigest()


def record_login(member: Member, session_key: str, client: Client) -> None:
    # Login always gives the session a fresh key, so this row is always new.
    MemberSession.objects.create(
        member=member,
        session_key_hash=_hash(session_key),
        user_agent=client.user_agent,
        ip=client.ip,
    )


def forget(session_key: str) -> None:
    MemberSession.objects.filter(session_key_hash=_hash(session_key)).delete()


def touch(session_key: str, client: Client) -> None:
    MemberSession.objects.filter(session_key_hash=_hash(session_key)).update(
        last_seen_at=timezone.now(), ip=client.ip
    )


def active_devices(member: Member, current_session_key: str) -> list:
    """The member's devices seen within the session lifetime, this one marked."""
    since = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    current = _hash(current_session_key or "")
    devices = member.device_sessions.filter(last_seen_at__gte=since)
    return [(device, device.session_key_hash == current) for device in devices]


def end_other_sessions(member: Member, current_session_key: str, client: Client) -> int:
    """Log the member out everywhere but here; return how many devices were ended."""
    Member.objects.filter(pk=member.pk).update(session_epoch=F("session_epoch") + 1)
    member.refresh_from_db(fields=["session_epoch"])
    others = member.device_sessions.exclude(session_key_hash=_hash(current_session_key))
    ended = others.delete()[0]
    record_event(Kind.OTHER_SESSIONS_ENDED, client=client, member=member)
    return ended


def forget_others(member: Member, current_session_key: str) -> None:
    """After a password change the other sessions are dead: drop their devices."""
    member.device_sessions.exclude(
        session_key_hash=_hash(current_session_key or "")
    ).delete()


# Order matters: Edge and Opera also say Chrome; Chrome also says Safari.
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Chrome/", "Chrome"),
    ("Firefox/", "Firefox"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def describe(user_agent: str) -> str:
    """A readable name for a device, like "Chrome on Android"."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or user_agent[:40] or "?"
