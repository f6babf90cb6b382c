"""`manage.py recompute_related`: rebuild the term index and every stored related list."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from articles.models import Article
from articles.related.bulk import BulkScorer
from articles.related.terms import index_articles

CHUNK = 2000


class Command(BaseCommand):
    help = "Re-index the terms of every live article, then recompute every related list."

    def handle(self, *args, **options):
        started = time.monotonic()
        live = Article.objects.filter(status__in=Article.LIVE_STATUSES).order_by("pk")
        total = live.count()
        weights = {}
        with tqdm(total=total, desc="index terms", unit="story") as bar:
            chunk = []
            for article in live.iterator(chunk_size=CHUNK):
                chunk.append(article)
                if len(chunk) == CHUNK:
                    weights.update(self.index(chunk))
                    bar.update(len(chunk))
                    chunk = []
            weights.update(self.index(chunk))
            bar.update(len(chunk))
        # The index in memory once (postings of every term, every story's tags), then each
        # story scored from it: no query per story.
        scorer = BulkScorer(weights)
        del weights
        stories = live.only("pk", "section_id", "published_at").iterator(chunk_size=CHUNK)
        with tqdm(total=total, desc="related lists", unit="story") as bar:
            stored = scorer.recompute(stories, progress=bar)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} articles, {stored} related pairs stored in {seconds:.1f} s."
            )
        )

    @staticmethod
    def index(chunk):
        with transaction.atomic():
            return index_articles(chunk)
