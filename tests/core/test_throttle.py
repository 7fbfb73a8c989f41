"""
The throttle counters on the real Redis server: one round trip per count, the same
values Django's cache API reads, a lifetime on every counter, and a Redis that is
down lets the request through.
"""

import pytest
import redis
from django.core.cache import cache, caches

from accounts.core import throttle
from tests.services import TEST_REDIS_URL


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            # Our backend, as settings.py picks it for a redis:// CACHE_URL.
            "BACKEND": "accounts.core.redis_cache.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "throttle-test",
        }
    }
    cache.clear()
    yield caches["default"]
    cache.clear()


def test_the_cache_makes_one_client_per_pool_and_reuses_it(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client(write=False) is client  # one server: one pool
    redis_cache.set("k", {"kept": True}, 60)
    assert redis_cache.get("k") == {"kept": True}
    assert redis_cache._cache.get_client() is client


def test_each_count_adds_one(redis_cache):
    assert [throttle.increment("k", 60) for _ in range(3)] == [1, 2, 3]


def test_the_count_reads_back_through_the_cache_api(redis_cache):
    throttle.increment("k", 60)
    throttle.increment("k", 60)
    assert throttle.read("k") == 2


def test_a_counter_lives_its_timeout(redis_cache):
    throttle.increment("k", 60)
    key = redis_cache.make_and_validate_key("k")
    assert 0 < redis.Redis.from_url(TEST_REDIS_URL).ttl(key) <= 60


def test_a_count_is_one_round_trip(redis_cache, monkeypatch):
    sent = []
    original = redis.connection.Connection.send_packed_command

    def counting(self, command, *args, **kwargs):
        sent.append(command)
        return original(self, command, *args, **kwargs)

    throttle.increment("warm", 60)  # the pool's connection is open
    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counting)
    throttle.increment("k", 60)
    assert len(sent) == 1


def test_a_redis_that_is_down_counts_nothing_and_lets_through(settings, caplog):
    settings.CACHES = {
        "default": {
            # Our backend, as settings.py picks it for a redis:// CACHE_URL.
            "BACKEND": "accounts.core.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    assert throttle.increment("k", 60) is None
    assert throttle.hit("scope", "k", limit=0) == 0
    assert "Cache unavailable" in caplog.text
