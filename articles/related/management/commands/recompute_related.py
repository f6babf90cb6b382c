"""`manage.py recompute_related`: rebuild the term index and every stored related list."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Article
from articles.related.scoring import corpus, recompute_related
from articles.related.terms import index_article


class Command(BaseCommand):
    help = "Re-index the terms of every live article, then recompute every related list."

    def handle(self, *args, **options):
        live = Article.objects.filter(status__in=Article.LIVE_STATUSES).order_by("pk")
        total = live.count()
        weights = {}
        for article in tqdm(live.iterator(chunk_size=500), total=total, desc="index terms"):
            weights[article.pk] = index_article(article)
        shared = corpus()  # the index's statistics, read once for every story
        stored = 0
        for article in tqdm(
            live.prefetch_related("tags").iterator(chunk_size=500),
            total=total,
            desc="related lists",
        ):
            weights_of = weights.pop(article.pk, None)
            stored += len(recompute_related(article, weights=weights_of, shared=shared))
        self.stdout.write(self.style.SUCCESS(f"{total} articles, {stored} related pairs stored."))
