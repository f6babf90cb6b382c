"""Page cache for anonymous readers, invalidated by one content generation number.

Cached pages key on the generation, kept in the shared cache; publishing, unpublishing,
corrections and approved comments bump it, so every process (and every app server behind a
load balancer) stops serving stale copies at once. Responses say `Cache-Control: public` so a
CDN may keep them briefly too; signed-in staff always get fresh, private pages.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "articles:content-generation"


def content_generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def invalidate_public_pages(*args, **kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _is_anonymous(request):
    # Readers have no session; checking the cookie avoids a session query for them.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


# Query parameters a shared page may vary on; any other (a reader's ?comment=pending notice, a
# reply form, tracking tags) is served fresh and private rather than multiplying the copies.
CACHEABLE_PARAMETERS = {"page"}


def cache_public_page(view=None, *, on_hit=None):
    """Serve the page from the shared cache to anonymous readers. `on_hit(request, **kwargs)`
    runs on a cache hit too (the view count of an article page)."""

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
            key = f"page:{content_generation()}:{get_language()}:{address}"
            cached = cache.get(key)
            if cached is not None:
                if on_hit:
                    on_hit(request, **kwargs)
                return cached
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.cookies:
                patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
                # Signed-in staff share the address but must never get the shared copy.
                patch_vary_headers(response, ["Cookie"])
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
