"""Who is at the other end of a request, as plain data for the logic modules."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

USER_AGENT_MAX_LENGTH = 300


@dataclass(frozen=True)
class Client:
    ip: str | None = None
    user_agent: str = ""
    # The language the person browses in; their emails are written in it.
    language: str = settings.LANGUAGE_CODE


def client_of(request: HttpRequest) -> Client:
    # REMOTE_ADDR only: a forwarded header is trusted only behind a configured proxy.
    return Client(
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.headers.get("User-Agent", "")[:USER_AGENT_MAX_LENGTH],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
