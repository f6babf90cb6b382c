"""Signal receivers: keep the term index and the stored lists in step with publishing."""

from django.db import transaction

from newsportal import jobs

from .bulk import BulkScorer
from .scoring import recompute_related
from .tasks import refresh_related
from .terms import forget_articles, index_articles


def article_went_live(sender, article, **kwargs):
    jobs.send(refresh_related, article.pk)  # the signal comes after the commit


def article_came_down(sender, article, **kwargs):
    from .models import RelatedStory

    forget_articles([article.pk])
    RelatedStory.objects.filter(article=article, is_pinned=False).delete()
    # Boxes that showed it stop at once (reads filter on live stories); refill their places.
    picked_in = RelatedStory.objects.filter(story=article, is_pinned=False)
    neighbours = list(picked_in.values_list("article", flat=True))
    picked_in.delete()
    for neighbour in sender.objects.filter(pk__in=neighbours):
        recompute_related(neighbour, refresh_neighbours=False)


def articles_imported(sender, article_ids, **kwargs):
    """An import's stories: index them all, then score each once with the index in memory (no
    neighbour refresh: `manage.py recompute_related` rebuilds every list when older stories
    should pick the new ones too)."""
    live = list(
        sender.objects.filter(pk__in=article_ids, status__in=sender.LIVE_STATUSES).order_by("pk")
    )
    with transaction.atomic():
        BulkScorer(index_articles(live)).recompute(live)
