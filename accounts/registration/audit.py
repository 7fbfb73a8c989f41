"""What the registration records: every try, with the NIK masked to its last digits."""

from accounts.core.clients import Client
from accounts.core.events import Kind, record_event


def nik_label(nik: str) -> str:
    return f"nik ...{nik[-4:]}"


def record_refusal(email: str, nik: str, reason: str, client: Client) -> None:
    detail = f"{reason} {nik_label(nik)}"
    record_event(Kind.REGISTRATION_REFUSED, client=client, email=email, detail=detail)
