"""
Counters in the shared cache, in fixed windows: what core/limits.py draws from.

A throttle is a coarse guard against floods from one address; the exact per-member
limits live in the database (codes.py, lockout.py). Counting is approximate at a
window's edge, which is fine for a throttle and would be wrong for a code.

When the cache is unreachable the throttles let requests through and log a warning:
the site keeps serving, and the per-member limits still hold.
"""

import logging

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600


def increment(key: str, timeout: int) -> int | None:
    """Add one to a counter that lives `timeout` seconds; None if the cache is down."""
    try:
        backend = caches[DEFAULT_CACHE_ALIAS]
        if isinstance(backend, RedisCache):
            return _redis_increment(backend, key, timeout)
        cache.add(key, 0, timeout=timeout)
        try:
            return cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=timeout)
            return 1
    except Exception as error:  # any cache backend's connection error
        logger.warning("Cache unavailable, throttle %s not counted: %r", key, error)
        return None


def _redis_increment(backend: RedisCache, key: str, timeout: int) -> int:
    """
    The same counter in one round trip: Django's add() and incr() cost three (SET
    NX, EXISTS, INCRBY), and every POST draws from one or two budgets. Written as
    add() writes it (the same key, an integer the cache reads back), through the
    cache's own connection pool.
    """
    full_key = backend.make_and_validate_key(key)
    client = backend._cache.get_client(full_key, write=True)
    pipeline = client.pipeline(transaction=True)  # MULTI: nothing expires between
    pipeline.set(full_key, 0, ex=timeout, nx=True)
    pipeline.incr(full_key)
    return pipeline.execute()[1]


def read(key: str) -> int:
    try:
        return cache.get(key, 0)
    except Exception as error:
        logger.warning("Cache unavailable, throttle %s not read: %r", key, error)
        return 0


def store(key: str, value: int, timeout: int) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except Exception as error:
        logger.warning("Cache unavailable, throttle %s not stored: %r", key, error)


def hit(scope: str, key: str, limit: int, window_seconds: int = WINDOW_SECONDS) -> int:
    """Count one request; return 0 when allowed, else the seconds until it is."""
    now = int(timezone.now().timestamp())
    count = increment(_window_key(scope, key, window_seconds, now), window_seconds)
    if count is None or count <= limit:
        return 0
    return window_seconds - now % window_seconds


def counted(scope: str, key: str, window_seconds: int = WINDOW_SECONDS) -> tuple:
    """What `hit` has counted in the current window, and the seconds left in it."""
    now = int(timezone.now().timestamp())
    count = read(_window_key(scope, key, window_seconds, now))
    return count, window_seconds - now % window_seconds


def _window_key(scope: str, key: str, window_seconds: int, now: int) -> str:
    return f"throttle:{scope}:{key}:{now // window_seconds}"
