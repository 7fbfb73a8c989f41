"""
Per-IP throttles in the shared cache (fixed one-hour windows).

A throttle is a coarse guard against floods from one address; the exact per-member
limits live in the database (codes.py, lockout.py). Counting is approximate at a
window's edge, which is fine for a throttle and would be wrong for a code.
"""

from django.core.cache import cache
from django.utils import timezone

WINDOW_SECONDS = 3600


def hit(scope: str, key: str, limit: int) -> int:
    """Count one request; return 0 when allowed, else the seconds until it is."""
    now = int(timezone.now().timestamp())
    window = now // WINDOW_SECONDS
    cache_key = f"throttle:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add and incr
        cache.set(cache_key, 1, timeout=WINDOW_SECONDS)
        count = 1
    if count <= limit:
        return 0
    return WINDOW_SECONDS - now % WINDOW_SECONDS
