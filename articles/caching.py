"""Page cache for anonymous readers, dropped exactly: each cached page carries the surrogate
keys of what it shows (articles/edge.py), and a purge of a key drops only the pages carrying
it, here and in the edge cache in front (Varnish or a CDN).

Every purged key is marked in the shared cache with the time of its purge; a cached page (or
a fragment shared by pages, such as the menu) keeps the time its drawing began and is served
only while none of its keys was purged since (a mark the cache evicted counts as a purge,
never as fresh; a purge during the drawing, too). Responses say how long browsers
(`max-age`, PAGE_CACHE_SECONDS) and shared caches (`s-maxage`, EDGE_CACHE_SECONDS) may keep
them, and to serve them stale while revalidating or while the app is failing.
"""

import hashlib
import time
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from newsportal import cache as shared_cache

from . import edge

# Purge marks, cached fragments and cached pages. A change of what they hold changes their
# names, so entries an older release left in Redis are never misread.
MARK_PREFIX = "edge:mark:"
FRAGMENT_PREFIX = "edge:fragment:"
PAGE_PREFIX = "edge:page:"
_page_drawn_at = ContextVar("page_drawn_at", default=None)


def forget_keys(keys):
    """Drop the cached pages and fragments carrying any of `keys`: each key is marked with
    the time of its purge, and whatever was drawn before that time is stale."""
    now = time.time()
    cache.set_many({MARK_PREFIX + key: now for key in keys}, timeout=None)
    if shared_cache.unreachable():
        shared_cache.purge_lost()  # dropped: everything is stale once Redis answers again


def purged_since(keys, since):
    """Whether any of `keys` was purged after `since` (a time taken before the drawing began,
    so a purge during the drawing counts). A key without a mark (never purged, or evicted
    from the cache) gets one at `since`: an eviction later reads as a purge, never as fresh.
    App servers' clocks are kept in sync (NTP), as for sessions and signed links."""
    names = [MARK_PREFIX + key for key in keys]
    marks = cache.get_many(names)
    for name in set(names) - set(marks):
        cache.add(name, since, timeout=None)
        marks[name] = cache.get(name, since)
    return any(not _before(mark, since) for mark in marks.values())


def _before(mark, since):
    """A mark not later than `since`; anything that is not a time reads as a purge."""
    return isinstance(mark, float | int) and mark <= since


def _still_fresh(keys, since):
    marks = cache.get_many([MARK_PREFIX + key for key in keys])
    return len(marks) == len(set(keys)) and all(_before(mark, since) for mark in marks.values())


# This process's copies of the fragments, checked against the purge marks like the shared
# ones: a page then reads only the marks (one round trip to the cache, not two).
_kept = {}


def cached_fragment(name, draw):
    """A piece many pages share (the menu, the breaking strip, the most read box), kept in the
    shared cache (and a copy in the process) until one of its keys is purged or it expires.
    `draw()` returns (value, keys, expires_at or None); the same triple is returned, from a
    cache when fresh."""
    cached = _kept.get(name)
    if cached is None or not _usable(cached):
        cached = cache.get(FRAGMENT_PREFIX + name)
        if cached is None or not _usable(cached):
            cached = None
        _kept[name] = cached
    if cached is not None:
        value, keys, expires_at, _drawn_at = cached
        return value, keys, expires_at
    # Inside a page being drawn, the page's own start: the marks it may add are then not
    # later than the page's, which stays fresh with them.
    drawn_at = _page_drawn_at.get() or time.time()
    value, keys, expires_at = draw()
    if not purged_since(["all", *keys], drawn_at):
        timeout = _fragment_seconds(expires_at, drawn_at)
        cache.set(FRAGMENT_PREFIX + name, (value, keys, expires_at, drawn_at), timeout)
    return value, keys, expires_at


def _usable(cached):
    """A kept fragment not expired and none of whose keys was purged since it was drawn."""
    _value, keys, expires_at, drawn_at = cached
    now = time.time()
    if expires_at is not None and expires_at <= now:
        return False
    if now >= drawn_at + _fragment_seconds(expires_at, drawn_at):
        return False
    return _still_fresh(["all", *keys], drawn_at)  # `all`: an import, Redis back


def _fragment_seconds(expires_at, drawn_at):
    timeout = settings.EDGE_CACHE_SECONDS
    if expires_at is not None:
        timeout = max(1, min(timeout, int(expires_at - drawn_at)))
    return timeout


def _seconds_left(expires_at):
    """How long a page may be kept: EDGE_CACHE_SECONDS, or less when something it shows
    leaves it at a set time (a breaking story leaving the strip)."""
    if expires_at is None:
        return settings.EDGE_CACHE_SECONDS
    return max(1, min(settings.EDGE_CACHE_SECONDS, int(expires_at - time.time())))


def shared_cache_control(response, expires_at=None):
    """Public: browsers keep it briefly, shared caches long (purges are exact)."""
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PAGE_CACHE_SECONDS, _seconds_left(expires_at)),
        s_maxage=_seconds_left(expires_at) if settings.PAGE_CACHE_SECONDS else 0,
        stale_while_revalidate=settings.PAGE_CACHE_SECONDS,
        stale_if_error=settings.EDGE_STALE_IF_ERROR_SECONDS,
    )


def _is_anonymous(request):
    # Readers have no session; checking the cookie avoids a session query for them.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


# Query parameters a shared page may vary on; any other (a reader's ?comment=pending notice, a
# reply form) is served fresh and private rather than multiplying the copies. Tracking tags
# (?utm_source=, ?fbclid=) never get here: newsportal/tracking.py drops them first.
CACHEABLE_PARAMETERS = {"page"}


def cache_public_page(view=None, *, on_hit=None, keys=(), parameters=CACHEABLE_PARAMETERS):
    """Serve the page from the shared cache to anonymous readers. `on_hit(request, **kwargs)`
    runs on a cache hit too (the view count of an article page); `keys` are surrogate keys
    the view's pages always carry (it adds those of what it shows); `parameters` the query
    parameters a shared copy may vary on (the API's filters)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method != "GET"
                or not _is_anonymous(request)
                or set(request.GET) - parameters
            ):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                return response
            # The absolute address (scheme and host too: the page prints absolute links), hashed
            # because encoded Arabic paths are longer than some cache backends accept.
            address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
            name = f"{PAGE_PREFIX}{get_language()}:{address}"
            cached = cache.get(name)
            if cached is not None:
                response, shown, drawn_at, expires_at = cached
                fresh = expires_at is None or expires_at > time.time()
                if fresh and _still_fresh(shown, drawn_at):
                    if on_hit:
                        on_hit(request, **kwargs)
                    return response
            drawn_at = time.time()
            edge.tag(request, *keys)
            drawing = _page_drawn_at.set(drawn_at)
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
            finally:
                _page_drawn_at.reset(drawing)
            if response.status_code == 200 and not response.cookies:
                shown = ["all", *edge.keys_of(request)]
                expires_at = edge.expires_at(request)
                shared_cache_control(response, expires_at)
                # The copy changes exactly when it is drawn again: If-Modified-Since gets 304.
                response.setdefault("Last-Modified", http_date(drawn_at))
                edge.add_headers(response, shown)
                # Signed-in staff share the address but must never get the shared copy.
                patch_vary_headers(response, ["Cookie"])
                if settings.PAGE_CACHE_SECONDS and not purged_since(shown, drawn_at):
                    cached = (response, shown, drawn_at, expires_at)
                    cache.set(name, cached, _seconds_left(expires_at))
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
