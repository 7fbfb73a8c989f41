"""
Device cookies: the browsers in which a member has proved themselves, after OWASP's
"Slow Down Online Guessing Attacks with Device Cookies".

Invariants:
- After a successful login, a completed reset or a verified registration, the browser
  gets a cookie signed by this server (Django's signing, keyed by SECRET_KEY, with a
  salt of its own) naming the member and a random device id. Nobody else can make one.
- Wrong passwords from a known browser count against that browser alone: after
  JMO_KNOWN_DEVICE_MAX_FAILURES within the lockout time it is treated as unknown.
  They never lock the member for other browsers, and the member's lock (which
  failures from unknown browsers cause) does not stop a known browser.
- Codes asked for in a known browser draw from a code budget of their own
  (codes.py), so requests from elsewhere cannot spend the member's codes.
- A cookie for another member, a forged one or one older than a year is no cookie.
"""

import secrets

from django.conf import settings
from django.core import signing

from . import throttle

COOKIE_NAME = "jmo_device"
MAX_AGE_SECONDS = 365 * 24 * 3600
SALT = "accounts.known_devices"


def new_cookie_value(member_pk: int) -> str:
    device = {"member": member_pk, "device": secrets.token_urlsafe(16)}
    return signing.dumps(device, salt=SALT)


def read_cookie(value: str) -> tuple[int | None, str]:
    """(member pk, device id) from a cookie this server made, else (None, "")."""
    try:
        device = signing.loads(value or "", salt=SALT, max_age=MAX_AGE_SECONDS)
        return int(device["member"]), str(device["device"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, ""


def _failures_key(device_id: str) -> str:
    return f"known_device:failures:{device_id}"


def is_known(client, member) -> bool:
    """The client's browser is one the member proved themselves in, still trusted."""
    if member is None or client.device_member_pk != member.pk:
        return False
    failures = throttle.read(_failures_key(client.device_id))
    return failures < settings.JMO_KNOWN_DEVICE_MAX_FAILURES


def record_failure(client) -> None:
    throttle.increment(_failures_key(client.device_id), settings.JMO_LOCKOUT_SECONDS)


def forget_failures(client) -> None:
    throttle.store(_failures_key(client.device_id), 0, 1)
