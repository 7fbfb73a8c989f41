"""
The state of a code journey, kept in the server-side session (never in the URL).

A reset holds only what the person at the browser typed or was shown, plus the
verified code's id: the same for registered and unregistered addresses until a code
verifies. An email verification also holds, unseen by the browser, which member the
code is for, or after "Daftar" the NIK that finds the account the task opened.
"""

from django.conf import settings
from django.utils import timezone


def _now() -> float:
    return timezone.now().timestamp()


class CodeSession:
    """The address a code went to, its resend cool-down and the wrong tries left."""

    session_key = ""

    def __init__(self, session):
        self.session = session
        self.state = session.get(self.session_key) or {}

    @property
    def email(self) -> str:
        return self.state.get("email", "")

    def start(self, email: str, **extra) -> None:
        self.state = {
            "email": email,
            "requested_at": _now(),
            "wrong_attempts": 0,
            **extra,
        }
        self._save()

    def restart(self) -> None:
        """A new code was asked for: the cool-down and the tries start again."""
        self.state.update(requested_at=_now(), wrong_attempts=0)
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

    def clear(self) -> None:
        self.session.pop(self.session_key, None)

    def _save(self) -> None:
        self.session[self.session_key] = self.state


class ResetSession(CodeSession):
    session_key = "password_reset"
    done_key = "password_reset_done"

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
        self.clear()
        self.session[self.done_key] = True

    def pop_done(self) -> bool:
        return bool(self.session.pop(self.done_key, False))


class EmailSession(CodeSession):
    """Verifying an address: after "Daftar", for a logged-in member, or a new one."""

    session_key = "email_verification"

    @property
    def purpose(self) -> str:
        return self.state.get("purpose", "")

    @property
    def member_pk(self) -> int | None:
        return self.state.get("member_pk")
