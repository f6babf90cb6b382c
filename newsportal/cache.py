"""The shared cache (Redis), made to fail soft: when Redis is unreachable the site keeps
serving, uncached. Reads miss, writes are dropped, counters start afresh, and callers that
need an answer the cache cannot give (the comments' flood limit) ask `unreachable()` and turn
to the database. Redis is then left alone for RETRY_SECONDS instead of being dialled on every
request, and the outage is logged once a minute per process, not once per request.
"""

import logging
import time
from functools import wraps

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60

# What each operation answers while Redis is away. `add` says "stored", so a caller that uses
# it as a lock goes ahead; `incr` says "no such key", as Django's API does.
FALLBACKS = {
    "get": lambda key, default=None, version=None: default,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "add": lambda *args, **kwargs: True,
    "set": lambda *args, **kwargs: None,
    "set_many": lambda *args, **kwargs: [],
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: None,
}


def _missing(*args, **kwargs):
    raise ValueError("The cache is unreachable.")


class ResilientRedisCache(RedisCache):
    """Django's Redis backend, answering for Redis when it is down."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # A Redis that hangs must not hang the page: give up quickly and serve uncached.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self.down_since = None
        self.retry_at = 0.0
        self.logged_at = 0.0

    @property
    def unreachable(self):
        return self.down_since is not None

    def _failed(self, error):
        now = time.monotonic()
        self.down_since = self.down_since or now
        self.retry_at = now + RETRY_SECONDS
        if now - self.logged_at >= LOG_EVERY_SECONDS:
            self.logged_at = now
            logger.error(
                "The cache (Redis) is unreachable for %.0f s: pages are served uncached and the "
                "comments' flood limit reads the database (%s)",
                now - self.down_since,
                error,
            )

    def _recovered(self):
        global _purges_lost
        if self.down_since is not None:
            logger.warning("The cache (Redis) answers again.")
            self.down_since = None
        if _purges_lost:
            # A purge this process made while Redis was away never reached it: every page and
            # fragment kept there may be stale.
            _purges_lost = False
            from articles.caching import forget_keys

            logger.warning("Purges were lost while the cache was away: its pages are dropped.")
            forget_keys(["all"])


def _resilient(name, fallback):
    operation = getattr(RedisCache, name)

    @wraps(operation)
    def guarded(self, *args, **kwargs):
        if self.down_since is not None and time.monotonic() < self.retry_at:
            return fallback(*args, **kwargs)
        try:
            result = operation(self, *args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback(*args, **kwargs)
        self._recovered()
        return result

    return guarded


for _name, _fallback in {**FALLBACKS, "incr": _missing}.items():
    setattr(ResilientRedisCache, _name, _resilient(_name, _fallback))


# Set when a purge could not be written (per process: any thread that reaches Redis again
# then drops every cached page once).
_purges_lost = False


def purge_lost():
    global _purges_lost
    _purges_lost = True


def unreachable():
    """True while the shared cache is down (always False for the local-memory cache)."""
    return getattr(cache, "unreachable", False)
