"""Who is at the other end of a request, as plain data for the logic modules."""

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from . import known_devices

USER_AGENT_MAX_LENGTH = 300


@dataclass(frozen=True)
class Client:
    ip: str | None = None
    user_agent: str = ""
    # The language the person browses in; their emails are written in it.
    language: str = settings.LANGUAGE_CODE
    # The member whose device cookie the browser holds, and its device id.
    device_member_pk: int | None = None
    device_id: str = ""


def client_of(request: HttpRequest) -> Client:
    device_member_pk, device_id = known_devices.read_cookie(
        request.COOKIES.get(known_devices.COOKIE_NAME, "")
    )
    return Client(
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", "")[:USER_AGENT_MAX_LENGTH],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        device_member_pk=device_member_pk,
        device_id=device_id,
    )


def client_ip(request: HttpRequest) -> str | None:
    """
    REMOTE_ADDR, or behind NUM_PROXIES trusted proxies the address the outermost of
    them saw. Entries further left in X-Forwarded-For are the client's own claims.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if settings.NUM_PROXIES <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.headers.get("X-Forwarded-For", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < settings.NUM_PROXIES:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-settings.NUM_PROXIES]))
    except ValueError:
        return remote
