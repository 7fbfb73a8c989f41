"""
Every budget of the service in one table: how often one client address, one account
or one mailbox may make the server hash a password, send a mail or try a secret.

Invariants:
- Every request that computes a password hash draws from HASHES_PER_ADDRESS first
  (and from a per-account budget: the lockout, a device's own budget, or
  ACCOUNT_CHANGES_PER_MEMBER); nothing hashes for a request without a budget.
- A client address is one IPv4 address or one IPv6 /64 (what one subscriber gets),
  so rotating through a prefix buys nothing.
- The counts live in the shared cache (Redis in production: one count for all
  processes), in fixed windows; a window's edge can let through up to twice a
  budget, which is fine for a flood guard. The exact per-member limits (codes, the
  lockout) are counted from database rows in their own modules.
- When the cache is unreachable the budgets let requests through and log it
  (throttle.py): the site keeps serving and the database limits still hold.
- A refused draw raises BudgetExhausted; the web layer answers it with a 429 page in
  Indonesian and Retry-After, tasks record it and send nothing.
"""

import ipaddress
from dataclasses import dataclass
from hashlib import sha256

from django.conf import settings

from . import throttle


@dataclass(frozen=True)
class Budget:
    name: str
    setting: str  # the JMO_ setting with the number, overridable by environment
    window_seconds: int

    @property
    def limit(self) -> int:
        return getattr(settings, self.setting)


MINUTE, HOUR, DAY = 60, 3600, 86400

# Argon2 hashes one address may cause: a member types a password a few times a
# minute; 20 leaves room for an office behind one address and caps an attacker at
# 1,200 hashes an hour (about 3 CPU-minutes), from any mix of pages and the admin.
HASHES_PER_ADDRESS = Budget("hashes", "JMO_HASHES_PER_ADDRESS_PER_MINUTE", MINUTE)
# Login attempts per address, member and admin login alike (carrier-grade NAT puts
# many members behind one address, so hourly and generous).
LOGINS_PER_ADDRESS = Budget("login", "JMO_IP_LOGIN_ATTEMPTS_PER_HOUR", HOUR)
# Code requests and resends per address: each may send a mail.
CODE_REQUESTS_PER_ADDRESS = Budget(
    "reset_request", "JMO_IP_RESET_REQUESTS_PER_HOUR", HOUR
)
# Code entries per address: 60 guesses an hour against codes of a million.
CODE_ENTRIES_PER_ADDRESS = Budget("code_attempt", "JMO_IP_CODE_ATTEMPTS_PER_HOUR", HOUR)
# "Daftar" tries per address, and per NIK from any address: one NIK cannot be tried
# against many KPJ numbers and dates of birth.
REGISTRATIONS_PER_ADDRESS = Budget("register", "JMO_IP_REGISTRATIONS_PER_HOUR", HOUR)
REGISTRATIONS_PER_NIK = Budget(
    "register_nik", "JMO_REGISTRATIONS_PER_NIK_PER_HOUR", HOUR
)
# "Lupa Akun" tries per address, and per NIK from any address: a match shows an
# account's masked email, so one NIK cannot be tried against many KPJ numbers and dates.
FIND_ACCOUNT_PER_ADDRESS = Budget("find_account", "JMO_IP_FIND_ACCOUNT_PER_HOUR", HOUR)
FIND_ACCOUNT_PER_NIK = Budget(
    "find_account_nik", "JMO_FIND_ACCOUNT_PER_NIK_PER_HOUR", HOUR
)
# Ubah Kata Sandi and Ubah Email per member: each costs two hashes and mails; a
# member changes these a few times a year, a stolen session would flood.
ACCOUNT_CHANGES_PER_MEMBER = Budget(
    "account_changes", "JMO_ACCOUNT_CHANGES_PER_MEMBER_PER_HOUR", HOUR
)
# Pemulihan Akun requests per address and per NIK a day: each one mails the
# registered address and costs operators a review.
RECOVERY_REQUESTS_PER_ADDRESS = Budget(
    "recovery", "JMO_RECOVERY_REQUESTS_PER_ADDRESS_PER_DAY", DAY
)
RECOVERY_REQUESTS_PER_NIK = Budget(
    "recovery_nik", "JMO_RECOVERY_REQUESTS_PER_NIK_PER_DAY", DAY
)
# Posts of the recovery form per address: each one decodes two uploaded images.
RECOVERY_FORMS_PER_ADDRESS = Budget(
    "recovery_form", "JMO_RECOVERY_FORMS_PER_ADDRESS_PER_HOUR", HOUR
)
# Status look-ups (request number + NIK) and "Bukan saya" confirmations per address.
RECOVERY_LOOKUPS_PER_ADDRESS = Budget(
    "recovery_lookup", "JMO_RECOVERY_LOOKUPS_PER_ADDRESS_PER_HOUR", HOUR
)
# Mails of any kind (codes, notices) into one mailbox a day: no flood, whoever asks.
MAILS_PER_ADDRESS = Budget("mailbox", "JMO_MAILS_PER_ADDRESS_PER_DAY", DAY)


class BudgetExhausted(Exception):
    def __init__(self, budget: Budget, retry_after: int):
        super().__init__(f"{budget.name} budget spent; retry in {retry_after} s")
        self.budget = budget
        self.retry_after = retry_after


def address_key(ip: str | None) -> str:
    """The unit an address budget counts: the IPv4 address, or the IPv6 /64."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return "unknown"
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d is that IPv4 address
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def private_key(value: str) -> str:
    """A key for a budget of an email address or NIK: never the value in clear."""
    return sha256(value.encode()).hexdigest()


def draw(budget: Budget, key: str) -> None:
    """Spend one from the budget for `key`, or raise BudgetExhausted."""
    retry_after = throttle.hit(budget.name, key, budget.limit, budget.window_seconds)
    if retry_after:
        raise BudgetExhausted(budget, retry_after)


def seconds_until_room(budget: Budget, key: str) -> int:
    """0 if `key` has room for one more draw now, else the wait; draws nothing."""
    count, seconds_left = throttle.counted(budget.name, key, budget.window_seconds)
    return 0 if count < budget.limit else seconds_left


def draw_hash(ip: str | None) -> None:
    """Before a password hash done for a request from `ip`."""
    draw(HASHES_PER_ADDRESS, address_key(ip))
