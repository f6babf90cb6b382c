"""Page cache for anonymous readers, dropped exactly: each cached page carries the surrogate
keys of what it shows (articles/edge.py), and a purge of a key drops only the pages carrying
it, here and in the edge cache in front (Varnish or a CDN).

Every key has a version token in the shared cache; a cached page keeps the tokens its keys
had when it was stored and is served only while they are unchanged and all still there (a
token the cache evicted counts as a purge, never as fresh). Responses say how long browsers
(`max-age`, PAGE_CACHE_SECONDS) and shared caches (`s-maxage`, EDGE_CACHE_SECONDS) may keep
them, and to serve them stale while revalidating or while the app is failing.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from . import edge

VERSION_PREFIX = "edge:key:"


def forget_keys(keys):
    """Drop the cached pages carrying any of `keys` (a new token for each key)."""
    token = uuid.uuid4().hex
    cache.set_many({VERSION_PREFIX + key: token for key in keys}, timeout=None)


def _tokens(keys):
    return cache.get_many([VERSION_PREFIX + key for key in keys])


def _current_tokens(keys):
    """The keys' tokens, giving a token to any key that has none yet."""
    tokens = _tokens(keys)
    missing = {VERSION_PREFIX + key for key in keys} - set(tokens)
    if missing:
        token = uuid.uuid4().hex
        for name in missing:
            cache.add(name, token, timeout=None)
        tokens = _tokens(keys)
    return tokens


def shared_cache_control(response):
    """Public: browsers keep it briefly, shared caches long (purges are exact)."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_SECONDS,
        s_maxage=settings.EDGE_CACHE_SECONDS if settings.PAGE_CACHE_SECONDS else 0,
        stale_while_revalidate=settings.PAGE_CACHE_SECONDS,
        stale_if_error=settings.EDGE_STALE_IF_ERROR_SECONDS,
    )


def _is_anonymous(request):
    # Readers have no session; checking the cookie avoids a session query for them.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


# Query parameters a shared page may vary on; any other (a reader's ?comment=pending notice, a
# reply form, tracking tags) is served fresh and private rather than multiplying the copies.
CACHEABLE_PARAMETERS = {"page"}


def cache_public_page(view=None, *, on_hit=None, keys=()):
    """Serve the page from the shared cache to anonymous readers. `on_hit(request, **kwargs)`
    runs on a cache hit too (the view count of an article page); `keys` are surrogate keys
    the view's pages always carry (it adds those of what it shows)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method != "GET"
                or not _is_anonymous(request)
                or set(request.GET) - CACHEABLE_PARAMETERS
            ):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                return response
            # The absolute address (scheme and host too: the page prints absolute links), hashed
            # because encoded Arabic paths are longer than some cache backends accept.
            address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
            name = f"page:{get_language()}:{address}"
            cached = cache.get(name)
            if cached is not None:
                response, shown, tokens = cached
                if _tokens(shown) == tokens and len(tokens) == len(shown):
                    if on_hit:
                        on_hit(request, **kwargs)
                    return response
            edge.tag(request, *keys)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.cookies:
                shown = ["all", *edge.keys_of(request)]
                shared_cache_control(response)
                edge.add_headers(response, shown)
                # Signed-in staff share the address but must never get the shared copy.
                patch_vary_headers(response, ["Cookie"])
                if settings.PAGE_CACHE_SECONDS:
                    cached = (response, shown, _current_tokens(shown))
                    cache.set(name, cached, settings.EDGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
