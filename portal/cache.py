"""A Redis cache that fails soft: when Redis cannot be reached the portal keeps answering, every
read a miss and every write dropped, instead of a 500 (docs/operations.md, "Faults").  After a
failure Redis is left alone for ``RETRY_AFTER`` seconds, so a dead Redis costs one connection
timeout per process and period, not one per cache call."""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("portal.cache")
RETRY_AFTER = 10.0
_MISS = object()


class FailSoftRedisCache(RedisCache):
    down_until = 0.0

    def _guard(self, name, default, *args, **kwargs):
        if time.monotonic() < self.down_until:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (RedisError, OSError) as error:
            type(self).down_until = time.monotonic() + RETRY_AFTER
            log.warning("cache unavailable (%s); answering without it for %.0f s", error, RETRY_AFTER)
            return default

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def add(self, key, value, timeout=_MISS, version=None):
        args = (key, value) if timeout is _MISS else (key, value, timeout)
        return self._guard("add", False, *args, version=version)

    def set(self, key, value, timeout=_MISS, version=None):
        args = (key, value) if timeout is _MISS else (key, value, timeout)
        return self._guard("set", None, *args, version=version)

    def set_many(self, data, timeout=_MISS, version=None):
        args = (data,) if timeout is _MISS else (data, timeout)
        return self._guard("set_many", list(data), *args, version=version)

    def touch(self, key, timeout=_MISS, version=None):
        args = (key,) if timeout is _MISS else (key, timeout)
        return self._guard("touch", False, *args, version=version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < self.down_until:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError) as error:
            type(self).down_until = time.monotonic() + RETRY_AFTER
            log.warning("cache unavailable (%s)", error)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from error

    def clear(self):
        return self._guard("clear", None)
