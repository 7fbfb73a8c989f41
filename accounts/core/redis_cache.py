"""
Django's Redis cache, with one redis-py client per connection pool instead of one per
call.

Django's RedisCacheClient builds a new redis.Redis for every cache operation. Building
one costs about twice a GET round trip on this machine (70 µs against 35 µs), mostly
its table of response callbacks. A client is a thread-safe wrapper over its pool and
holds no state of its own, so one per pool does the same work for less.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
