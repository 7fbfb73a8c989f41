"""
The reset journey's state, kept in the server-side session (never in the URL).

It holds only what the person at the browser typed or was shown, plus the verified
code's id: the same for registered and unregistered addresses until a code verifies.
"""

from django.conf import settings
from django.utils import timezone

SESSION_KEY = "password_reset"
DONE_KEY = "password_reset_done"


def _now() -> float:
    return timezone.now().timestamp()


class ResetSession:
    def __init__(self, session):
        self.session = session
        self.state = session.get(SESSION_KEY) or {}

    @property
    def email(self) -> str:
        return self.state.get("email", "")

    def start(self, email: str) -> None:
        self.state = {"email": email, "requested_at": _now(), "wrong_attempts": 0}
        self._save()

    def seconds_until_resend(self) -> int:
        ready_at = self.state.get("requested_at", 0) + (
            settings.JMO_CODE_RESEND_COOLDOWN_SECONDS
        )
        return max(0, int(ready_at - _now() + 0.999))

    def record_wrong_attempt(self) -> None:
        self.state["wrong_attempts"] = self.state.get("wrong_attempts", 0) + 1
        self._save()

    def attempts_left(self) -> int:
        used = self.state.get("wrong_attempts", 0)
        return max(0, settings.JMO_CODE_MAX_ATTEMPTS - used)

    def mark_verified(self, code_pk: int) -> None:
        self.state.update(code_pk=code_pk, verified_at=_now())
        self._save()

    def verified_code_pk(self) -> int | None:
        """The verified code's id while the time to set a password lasts."""
        verified_at = self.state.get("verified_at")
        if verified_at is None:
            return None
        if _now() - verified_at > settings.JMO_VERIFIED_SESSION_TTL_SECONDS:
            return None
        return self.state.get("code_pk")

    def finish(self) -> None:
        self.session.pop(SESSION_KEY, None)
        self.session[DONE_KEY] = True

    def pop_done(self) -> bool:
        return bool(self.session.pop(DONE_KEY, False))

    def _save(self) -> None:
        self.session[SESSION_KEY] = self.state
