"""Most read: page views counted in the shared cache, never written on the request; a
management command (`flush_view_counts`, every few minutes) moves them into hourly rows; the
box sums the last 24 hours.
"""

import re
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from . import edge
from .caching import cached_fragment
from .models import Article, ArticleViews

BOT = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|facebookexternalhit|embedly|curl|wget|python-|"
    r"httpclient|headless|lighthouse|monitor|uptime",
    re.IGNORECASE,
)
BOX_CACHE_KEY = "articles:most-read"
BOX_SECONDS = 300


def _hour(moment=None):
    return (moment or timezone.now()).replace(minute=0, second=0, microsecond=0)


def _key(article_id, hour):
    return f"views:{hour:%Y%m%d%H}:{article_id}"


def count_view(request, pk, **kwargs):
    """Count one reader's view of article `pk` in the cache (bots and non-GETs are not)."""
    if request.method != "GET" or BOT.search(request.META.get("HTTP_USER_AGENT", "")):
        return
    key = _key(pk, _hour())
    try:
        cache.incr(key)
    except ValueError:
        if not cache.add(key, 1, timeout=3 * 3600):
            cache.incr(key)


def flush_view_counts(*, now=None, batch=1000):
    """Move the counters of the current and previous hours into ArticleViews rows; returns
    the number of views moved. Counters are decremented by what was read, so views counted
    meanwhile are kept for the next flush. Never two at once (beat, cron): both would move
    the same views."""
    from newsportal.jobs import alone

    with alone("flush_views", seconds=300) as mine:
        return _flush(now, batch) if mine else 0


def _flush(now, batch):
    now = now or timezone.now()
    hours = [_hour(now), _hour(now - timezone.timedelta(hours=1))]
    # Every live story, old ones too (an old story can go viral); read in batches.
    ids = list(Article.objects.published().order_by().values_list("pk", flat=True))
    moved = 0
    for hour in hours:
        for start in range(0, len(ids), batch):
            keys = {_key(pk, hour): pk for pk in ids[start : start + batch]}
            counts = {k: v for k, v in cache.get_many(list(keys)).items() if v}
            with transaction.atomic():
                for key, value in counts.items():
                    updated = ArticleViews.objects.filter(article_id=keys[key], hour=hour).update(
                        count=F("count") + value
                    )
                    if not updated:
                        ArticleViews.objects.create(article_id=keys[key], hour=hour, count=value)
                    cache.decr(key, value)
                    moved += value
    if moved:
        edge.purge(["most-read"])  # the box below, and the pages showing it
    return moved


def most_read(count=5):
    """The most read live stories of the last 24 hours, kept for five minutes in the shared
    cache; a purge of "most-read" (a flush, a story taken down) renews it."""

    def draw():
        since = _hour() - timezone.timedelta(hours=24)
        stories = list(
            Article.objects.published()
            .annotate(recent=Sum("views__count", filter=Q(views__hour__gte=since)))
            .filter(recent__gt=0)
            .order_by("-recent", "-published_at")
            .only("pk", "slug", "headline", "headline_ar", "headline_en", "published_at")[:count]
        )
        # A retitled or withdrawn story in the box renews it too.
        keys = ["most-read", *(edge.key_of(story) for story in stories)]
        return stories, keys, time.time() + BOX_SECONDS

    return cached_fragment(f"{BOX_CACHE_KEY}:{count}", draw)[0]
