"""
Timing side channels, each from interleaved requests in fresh browser sessions, with
the difference of medians and a two-sided Mann-Whitney U test:
- the code request for registered, unregistered and not-eligible addresses;
- "Daftar" of a matching participant with a fresh address and with an address that
  already belongs to a member (the two must look alike).
"""

import re
import statistics
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from scipy.stats import mannwhitneyu

KINDS = ["registered", "unregistered", "not_eligible"]
SETTLE_SECONDS = 0.4
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def email_for(kind: str, number: int) -> str:
    return {
        # From the end of the first level's range, far from the journeys' members.
        "registered": f"demo{4999 - number}@example.com",
        "unregistered": f"nobody{number}@example.com",
        "not_eligible": f"pending{number}@example.com",
    }[kind]


def timed_post(url: str, fields: dict) -> float:
    """Milliseconds for a form POST that must answer with a redirect."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect
    )
    page = opener.open(url).read().decode()
    body = urllib.parse.urlencode(
        {**fields, "csrfmiddlewaretoken": TOKEN.search(page).group(1)}
    ).encode()
    started = time.perf_counter()
    try:
        opener.open(url, body)
    except urllib.error.HTTPError as redirect:  # the expected 302
        assert redirect.code == 302, redirect.code
    return (time.perf_counter() - started) * 1000


def timed_request(base: str, email: str) -> float:
    return timed_post(base + "/forgot-password/", {"email": email})


def compare(times: dict, reference: str, per_kind: int) -> dict:
    medians = {
        kind: round(statistics.median(values), 2) for kind, values in times.items()
    }
    result = {"requests_per_kind": per_kind, "median_ms": medians}
    for other in times:
        if other == reference:
            continue
        test = mannwhitneyu(times[reference], times[other], alternative="two-sided")
        result[f"{reference}_minus_{other}_ms"] = round(
            medians[reference] - medians[other], 2
        )
        result[f"mann_whitney_p_{reference}_vs_{other}"] = round(float(test.pvalue), 4)
    return result


# Participants for "Daftar", imported by run.py: two per round, none with an account.
def participant_csv(count: int) -> str:
    rows = ["nik,kpj,full_name,date_of_birth"]
    rows += [
        f"{3200000000000000 + n:016d},{30000000000 + n},Peserta Bench {n},1990-01-01"
        for n in range(count)
    ]
    return "\n".join(rows) + "\n"


def timed_registration(base: str, number: int, email: str) -> float:
    password = "Pakai001"
    fields = {
        "nik": f"{3200000000000000 + number:016d}",
        "kpj_number": f"{30000000000 + number}",
        "date_of_birth": "1990-01-01",
        "email": email,
        "new_password1": password,
        "new_password2": password,
    }
    return timed_post(base + "/register/", fields)


def measure_registration_side_channel(base: str, per_kind: int) -> dict:
    times = {"fresh_address": [], "address_in_use": []}
    for number in range(per_kind):
        fresh = 2 * number
        in_use = fresh + 1  # stays without an account: usable once more, never mind
        pair = [
            ("fresh_address", fresh, f"baru{number}@example.com"),
            ("address_in_use", in_use, email_for("registered", number)),
        ]
        for kind, participant, email in pair[number % 2 :] + pair[: number % 2]:
            times[kind].append(timed_registration(base, participant, email))
            # Let the worker finish this request's tasks (it polls every 0.1 s), so
            # their CPU does not land on the next measured request.
            time.sleep(SETTLE_SECONDS)
    return compare(times, "fresh_address", per_kind)


def measure_side_channel(base: str, per_kind: int) -> dict:
    times = {kind: [] for kind in KINDS}
    for number in range(per_kind):
        order = KINDS[number % 3 :] + KINDS[: number % 3]  # rotate who goes first
        for kind in order:
            times[kind].append(timed_request(base, email_for(kind, number)))
    return compare(times, "registered", per_kind)
