"""
The timing side channel of the code request: interleaved requests for registered,
unregistered and not-eligible addresses, each from a fresh browser session; the
difference of medians and a two-sided Mann-Whitney U test.
"""

import re
import statistics
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from scipy.stats import mannwhitneyu

KINDS = ["registered", "unregistered", "not_eligible"]
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


def timed_request(base: str, email: str) -> float:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect
    )
    page = opener.open(base + "/forgot-password/").read().decode()
    body = urllib.parse.urlencode(
        {"email": email, "csrfmiddlewaretoken": TOKEN.search(page).group(1)}
    ).encode()
    started = time.perf_counter()
    try:
        opener.open(base + "/forgot-password/", body)
    except urllib.error.HTTPError as redirect:  # the expected 302
        assert redirect.code == 302, redirect.code
    return (time.perf_counter() - started) * 1000


def measure_side_channel(base: str, per_kind: int) -> dict:
    times = {kind: [] for kind in KINDS}
    for number in range(per_kind):
        order = KINDS[number % 3 :] + KINDS[: number % 3]  # rotate who goes first
        for kind in order:
            times[kind].append(timed_request(base, email_for(kind, number)))
    medians = {
        kind: round(statistics.median(values), 2) for kind, values in times.items()
    }
    result = {"requests_per_kind": per_kind, "median_ms": medians}
    for other in ["unregistered", "not_eligible"]:
        test = mannwhitneyu(times["registered"], times[other], alternative="two-sided")
        result[f"registered_minus_{other}_ms"] = round(
            medians["registered"] - medians[other], 2
        )
        result[f"mann_whitney_p_registered_vs_{other}"] = round(float(test.pvalue), 4)
    return result
