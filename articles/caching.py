"""Invalidation of cached public pages: one content generation number in the shared cache.

Cached pages key on the generation; publishing, unpublishing or correcting a story bumps it,
so every process (and every app server behind a load balancer) stops serving stale copies.
"""

from django.core.cache import cache

GENERATION_KEY = "articles:content-generation"


def content_generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def invalidate_public_pages(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
