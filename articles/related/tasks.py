"""Related stories' background work: refreshing the boxes a new story may enter."""

from celery import shared_task
from django.db import IntegrityError, OperationalError


@shared_task(autoretry_for=(IntegrityError, OperationalError), retry_backoff=1, max_retries=5)
def refresh_related(article_id):
    """A story went live: index it, score its box and refresh its neighbours' boxes (about a
    second at 100,000 stories, so never inside the editor's request). Run twice, it stores the
    same lists; two workers refreshing one box at once is retried (a unique row, a deadlock)."""
    from articles import edge
    from articles.models import Article

    from .scoring import config, recompute_related
    from .terms import index_article

    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        return 0  # unpublished since: article_came_down cleaned up
    index_article(article)
    scored = recompute_related(article, refresh_neighbours=True)
    # The stories it points to may now show it in their boxes: their pages, nothing else.
    edge.purge({edge.related_key(pk) for pk, _score in scored[: config()["COUNT"]]})
    return len(scored)
