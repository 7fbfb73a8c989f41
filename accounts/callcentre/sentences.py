"""
The call centre's words: every security event, refusal, code status and action
outcome as a plain sentence, in one table each. Times are Jakarta time (WIB).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.messages import constants as levels
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.core.identity import masked_email
from accounts.models import LimitWaiver, SecurityEvent

Kind = SecurityEvent.Kind


def masked(email: str) -> str:
    return masked_email(email) if email else "—"


def clock(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return _("%(hour)02d:%(minute)02d") % {"hour": local.hour, "minute": local.minute}


def when(moment: datetime, now: datetime) -> str:
    """'pukul 10.58 WIB', 'besok pukul 07.00 WIB' or '24/11/2026 pukul 10.58 WIB'."""
    day = timezone.localtime(moment).date()
    today = timezone.localtime(now).date()
    time = clock(moment)
    if day == today:
        return _("at %(time)s WIB") % {"time": time}
    if day == today + timedelta(days=1):
        return _("tomorrow at %(time)s WIB") % {"time": time}
    if day == today - timedelta(days=1):
        return _("yesterday at %(time)s WIB") % {"time": time}
    return _("%(date)s at %(time)s WIB") % {"date": f"{day:%d/%m/%Y}", "time": time}


def short_when(moment: datetime, now: datetime) -> str:
    """'10.58' today, else '27/11 00.10': for a column."""
    if timezone.localtime(moment).date() == timezone.localtime(now).date():
        return clock(moment)
    return f"{timezone.localtime(moment):%d/%m} {clock(moment)}"


def operator_name(actor) -> str:
    if actor is None:
        return ""
    return actor.full_name or actor.email


def reason_detail(reason: str, note: str) -> str:
    """How an operator's reason is kept in an event's detail."""
    return f"{reason}: {note}" if note else reason


def reason_text(detail: str) -> str:
    """An operator's reason, from an event's detail, in words."""
    reason, _colon, note = detail.partition(": ")
    if reason == LimitWaiver.Reason.OTHER and note:
        return note
    label = (
        LimitWaiver.Reason(reason).label
        if reason in LimitWaiver.Reason.values
        else reason
    )
    return f"{label}: {note}" if note else str(label)


# --- Codes --------------------------------------------------------------------

CODE_STATUSES = {
    "used": gettext_lazy("used"),
    "verified": gettext_lazy("verified"),
    "replaced": gettext_lazy("replaced by a newer code"),
    "account_changed": gettext_lazy("cancelled (email or password changed)"),
    "exhausted": gettext_lazy("tries used up"),
    "expired": gettext_lazy("expired"),
    "active": gettext_lazy("active"),
}


def code_status_label(status: str) -> str:
    return str(CODE_STATUSES.get(status, status))


# --- Why a code cannot be sent ------------------------------------------------

# The short form, for "Tidak dikirim: …".
BLOCK_PHRASES = {
    "inactive": gettext_lazy("the account is switched off"),
    "email_unverified": gettext_lazy("the email address is not verified"),
    "data_not_updated": gettext_lazy("the data is not updated (pengkinian data)"),
    "code_cooldown": gettext_lazy("a code was sent less than a minute ago"),
    "code_hourly_cap": gettext_lazy("hourly limit reached"),
    "code_daily_cap": gettext_lazy("daily limit reached"),
    "mailbox_daily_cap": gettext_lazy("the mailbox's daily limit of emails reached"),
}

# The long form, for the support page.
BLOCK_SENTENCES = {
    "inactive": gettext_lazy(
        "The account is switched off: nothing is sent to it and it cannot log in."
    ),
    "email_unverified": gettext_lazy(
        "The email address is not verified: reset codes go only to a verified "
        "address. Check the address with the member. The member proves it with a "
        "code after logging in (Verifikasi Email); if the member cannot log in, "
        "mark it verified with the member list's action once the address is "
        "confirmed."
    ),
    "data_not_updated": gettext_lazy(
        "The data is not updated (pengkinian data): reset codes go only to members "
        "whose data is up to date. The member gets an email that says so instead."
    ),
    "code_cooldown": gettext_lazy(
        "A code was sent less than %(seconds)s seconds ago (the pause between codes)."
    ),
    "code_hourly_cap": gettext_lazy(
        "Hourly limit reached: %(count)s codes in the last hour."
    ),
    "code_daily_cap": gettext_lazy(
        "Daily limit reached: %(count)s codes in the last 24 hours."
    ),
    "mailbox_daily_cap": gettext_lazy(
        "This mailbox has had its %(count)s emails of the day (all kinds count)."
    ),
}


def block_sentence(block, now: datetime) -> str:
    numbers = {
        "seconds": settings.JMO_CODE_RESEND_COOLDOWN_SECONDS,
        "count": {
            "code_hourly_cap": settings.JMO_CODES_PER_HOUR,
            "code_daily_cap": settings.JMO_CODES_PER_DAY,
            "mailbox_daily_cap": settings.JMO_MAILS_PER_ADDRESS_PER_DAY,
        }.get(block.reason, 0),
    }
    sentence = str(BLOCK_SENTENCES[block.reason]) % numbers
    if block.until is None:
        return sentence
    return _("%(sentence)s Possible again %(when)s.") % {
        "sentence": sentence,
        "when": when(block.until, now),
    }


def not_sent(answer, now: datetime) -> str:
    """'Tidak dikirim: batas per jam tercapai, bisa lagi pukul 10.58 WIB.'"""
    reasons = "; ".join(str(BLOCK_PHRASES[block.reason]) for block in answer.blocks)
    if answer.next_code_at is None:
        return _("Not sent: %(reasons)s.") % {"reasons": reasons}
    return _("Not sent: %(reasons)s, possible again %(when)s.") % {
        "reasons": reasons,
        "when": when(answer.next_code_at, now),
    }


def code_lines(answer, now: datetime) -> tuple[str, list[str]]:
    """The code answer's headline and its details."""
    details = [block_sentence(block, now) for block in answer.blocks]
    timed = [block for block in answer.blocks if block.until is not None]
    if len(timed) > 1 and answer.next_code_at is not None:
        details.append(
            _("A code can be sent again %(when)s.")
            % {"when": when(answer.next_code_at, now)}
        )
    if answer.waiver is not None:
        details.append(
            _(
                "Limit lifted once by %(operator)s %(when)s: the next code may pass "
                "the hourly and daily limits."
            )
            % {
                "operator": operator_name(answer.waiver.granted_by) or "?",
                "when": when(answer.waiver.created_at, now),
            }
        )
    if answer.blocks:
        return _("No: a reset code cannot be sent now."), details
    if answer.pending_since is not None:
        details.insert(
            0,
            _("A code asked for %(when)s is on its way.")
            % {"when": when(answer.pending_since, now)},
        )
    return _("Yes: a reset code can be sent now."), details


def waiver_state(waiver, now: datetime, ttl: timedelta) -> str:
    if waiver.used_at is not None:
        return _("used %(when)s") % {"when": when(waiver.used_at, now)}
    if waiver.created_at + ttl <= now:
        return _("lapsed unused")
    return _("open until %(when)s") % {"when": when(waiver.created_at + ttl, now)}


# --- Logging in ---------------------------------------------------------------


def login_headline(login, now: datetime) -> str:
    if not login.active:
        return _("No: the account is switched off.")
    if login.locked_until is not None:
        return _("No: the account is locked; it opens again %(when)s.") % {
            "when": when(login.locked_until, now)
        }
    return _("Yes: the member can log in.")


def login_details(login) -> list[str]:
    lines = []
    sources = ", ".join(f"{ip} ({count}×)" for ip, count in login.sources)
    if login.locked_until is not None and login.failures:
        lines.append(
            _("Locked after %(count)s wrong passwords in a row, from %(sources)s.")
            % {"count": login.failures, "sources": sources}
        )
    elif login.locked_until is None and login.failures:
        lines.append(
            _(
                "Wrong passwords in a row so far: %(count)s, from %(sources)s (the "
                "account locks at %(max)s)."
            )
            % {
                "count": login.failures,
                "sources": sources,
                "max": settings.JMO_LOGIN_MAX_FAILURES,
            }
        )
    if login.refused_while_locked:
        lines.append(
            _("Logins tried while locked (all refused): %(count)s.")
            % {"count": login.refused_while_locked}
        )
    if login.locked_until is not None:
        lines.append(
            _(
                "A browser the member logged in with before (it holds the member's "
                "device cookie) can still log in."
            )
        )
    return lines


# --- Events -------------------------------------------------------------------

# Each kind's sentence by the first word of the event's detail ("operator" when an
# operator acted, if the kind has one); None is any other.
EVENT_SENTENCES = {
    Kind.LOGIN_OK: {
        None: gettext_lazy("Logged in from %(ip)s"),
        "known_device": gettext_lazy(
            "Logged in from %(ip)s, in a browser the member used before"
        ),
    },
    Kind.LOGIN_FAILED: {
        None: gettext_lazy("Login failed (wrong password) from %(ip)s"),
        "locked": gettext_lazy("Login refused: the account is locked (from %(ip)s)"),
        "known_device": gettext_lazy(
            "Login failed (wrong password) in a browser the member used before, "
            "from %(ip)s; it does not count towards the lock"
        ),
    },
    Kind.LOCKED: {None: gettext_lazy("Account locked for %(minutes)s minutes")},
    Kind.UNLOCKED: {
        None: gettext_lazy("Account unlocked (reason: %(reason)s)"),
        "": gettext_lazy("Account unlocked"),
        "admin": gettext_lazy("Account unlocked from the member list"),
        "command": gettext_lazy("Account unlocked by a server command"),
        "password_reset": gettext_lazy("Account unlocked: the password was reset"),
    },
    Kind.CODE_REQUESTED: {
        None: gettext_lazy("Reset code asked for (Lupa Kata Sandi) from %(ip)s"),
        "operator": gettext_lazy("Reset code asked for by an operator"),
        "email_verification": gettext_lazy("Email verification code asked for"),
        "email_change": gettext_lazy("Code for a new email address asked for"),
    },
    Kind.CODE_SENT: {None: gettext_lazy("Code sent to %(email)s")},
    Kind.CODE_FAILED: {None: gettext_lazy("Code not sent: the mail server refused it")},
    Kind.CODE_THROTTLED: {
        None: gettext_lazy("Code not sent: %(detail)s"),
        "code_cooldown": gettext_lazy(
            "Code not sent: asked again less than a minute after the last one"
        ),
        "code_hourly_cap": gettext_lazy("Code not sent: hourly limit reached"),
        "code_daily_cap": gettext_lazy("Code not sent: daily limit reached"),
        "mailbox_daily_cap": gettext_lazy(
            "Code not sent: the mailbox's daily limit of emails reached"
        ),
    },
    Kind.CODE_REJECTED: {
        None: gettext_lazy("Wrong code entered"),
        "session_spent": gettext_lazy(
            "Code entered after the tries ran out (refused unread)"
        ),
        "address_taken": gettext_lazy(
            "New email address refused: another account took it"
        ),
    },
    Kind.CODE_VERIFIED: {None: gettext_lazy("Right code entered")},
    Kind.NOT_ELIGIBLE_NOTICE: {
        None: gettext_lazy(
            "Code not sent: the email is not verified or the data not updated; the "
            "member was told so by email"
        )
    },
    Kind.PASSWORD_CHANGED: {
        None: gettext_lazy("New password set with a code (Lupa Kata Sandi)"),
        "self": gettext_lazy("Password changed by the member (Ubah Kata Sandi)"),
    },
    Kind.EMAIL_VERIFIED: {
        None: gettext_lazy("Email address marked verified by an operator"),
        "code": gettext_lazy("Email address verified with a code"),
    },
    Kind.DATA_UPDATED: {
        None: gettext_lazy("Data marked as updated (reason: %(reason)s)"),
        "": gettext_lazy("Data updated (pengkinian data)"),
    },
    Kind.OTHER_SESSIONS_ENDED: {None: gettext_lazy("Logged out on the other devices")},
    Kind.REGISTRATION_REQUESTED: {None: gettext_lazy("Registration (Daftar) sent")},
    Kind.REGISTERED: {None: gettext_lazy("Account opened (Daftar)")},
    Kind.REGISTRATION_REFUSED: {None: gettext_lazy("Registration (Daftar) refused")},
    Kind.EMAIL_IN_USE_NOTICE: {
        None: gettext_lazy(
            "Told by email that someone tried to use this address for another account"
        )
    },
    Kind.EMAIL_CHANGE_REQUESTED: {None: gettext_lazy("Change of email asked for")},
    Kind.EMAIL_CHANGED: {
        None: gettext_lazy("Email address changed (the old one: %(old)s)")
    },
    Kind.ACCOUNT_CHANGED_BY_OPERATOR: {
        None: gettext_lazy("Operator's change: %(changes)s; the member was told")
    },
    "code_limit_notice": {
        None: gettext_lazy("Told by email when the next code can be sent")
    },
    "unverified_removed": {
        None: gettext_lazy("Account removed: its email was never verified")
    },
    # Pemulihan Akun (support/): the detail starts with the request number.
    "recovery_requested": {
        None: gettext_lazy("Account recovery asked for (%(detail)s) from %(ip)s")
    },
    "recovery_refused": {
        None: gettext_lazy("Account recovery refused by a limit (%(detail)s)")
    },
    "recovery_cancelled": {
        None: gettext_lazy("Account recovery cancelled with “Bukan saya” (%(detail)s)")
    },
    "recovery_approved": {
        None: gettext_lazy("Account recovery approved by an operator (%(detail)s)")
    },
    "recovery_rejected": {
        None: gettext_lazy("Account recovery rejected or lapsed (%(detail)s)")
    },
    "recovery_applied": {
        None: gettext_lazy("Email replaced by account recovery (%(detail)s)")
    },
    Kind.ACCOUNT_LOOKUP_OK: {
        None: gettext_lazy(
            "Account found with Lupa Akun (KPJ number, NIK and date of birth) "
            "from %(ip)s"
        )
    },
    Kind.ACCOUNT_LOOKUP_REFUSED: {
        None: gettext_lazy("Lupa Akun found no account (%(detail)s) from %(ip)s")
    },
}

# The operator's changes (operators.CHANGES), as the event sentence lists them.
CHANGE_PHRASES = {
    "email": gettext_lazy("email address changed"),
    "password": gettext_lazy("new password set"),
    "unlocked": gettext_lazy("account unlocked"),
    "email_verified": gettext_lazy("email marked verified"),
    "data_updated": gettext_lazy("data marked as updated"),
    "active": gettext_lazy("account switched on or off"),
    "code_sent": gettext_lazy("reset code sent"),
    "limit_lifted": gettext_lazy("code limit lifted once"),
}


def event_sentence(event: SecurityEvent) -> str:
    sentences = EVENT_SENTENCES.get(event.kind)
    if sentences is None:
        return str(event.get_kind_display()).capitalize()
    first_word = event.detail.split(" ", 1)[0].split(":", 1)[0]
    if event.actor_id is not None and "operator" in sentences:
        first_word = "operator"
    sentence = sentences.get(first_word, sentences[None])
    return str(sentence) % _event_values(event)


def _event_values(event: SecurityEvent) -> dict:
    words = event.detail.split(" ")
    changes = [str(CHANGE_PHRASES[w]) for w in words if w in CHANGE_PHRASES]
    return {
        "ip": event.ip or _("an unknown address"),
        "email": masked(event.email),
        "minutes": settings.JMO_LOCKOUT_SECONDS // 60,
        "reason": reason_text(event.detail),
        "detail": event.detail,
        "changes": ", ".join(changes) or event.detail,
        "old": masked(event.detail.removeprefix("from ")),
    }


# --- What an action did -------------------------------------------------------

OUTCOMES = {
    "code_on_its_way": (
        levels.SUCCESS,
        gettext_lazy(
            "The code is on its way to %(to)s. The list of codes below shows it "
            "once it is sent."
        ),
    ),
    "code_already_asked": (
        levels.INFO,
        gettext_lazy(
            "A code was already asked for %(when)s and is on its way to %(to)s; "
            "nothing new was asked for."
        ),
    ),
    "limit_lifted": (
        levels.SUCCESS,
        gettext_lazy(
            "Limit lifted once: the next code may pass the hourly and daily limits. "
            "Unused, it lapses %(when)s. The member was told by email."
        ),
    ),
    "limit_already_lifted": (
        levels.INFO,
        gettext_lazy(
            "The limit is already lifted once and not used yet (it lapses "
            "%(when)s); nothing changed."
        ),
    ),
    "data_updated": (
        levels.SUCCESS,
        gettext_lazy("Data marked as updated. The member was told by email."),
    ),
    "data_already_updated": (
        levels.INFO,
        gettext_lazy(
            "The data was already marked as updated %(when)s; nothing changed."
        ),
    ),
    "unlocked": (
        levels.SUCCESS,
        gettext_lazy("Account unlocked. The member was told by email."),
    ),
    "not_locked": (
        levels.INFO,
        gettext_lazy("The account is not locked; nothing changed."),
    ),
}


def outcome_message(outcome) -> tuple[int, str]:
    """The message level (django.contrib.messages) and the words of an outcome."""
    if outcome.result == "code_not_sent":
        return levels.WARNING, not_sent(outcome.answer, outcome.now)
    level, sentence = OUTCOMES[outcome.result]
    moment = when(outcome.when, outcome.now) if outcome.when else ""
    return level, str(sentence) % {"when": moment, "to": outcome.to}
