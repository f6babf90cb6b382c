"""`manage.py rebuild_search_index`: write every story's search documents anew.

Documents are kept up to date as stories are saved; rebuild after loading stories in bulk
outside the site, or after a release changes how Arabic text is read (articles/arabic.py).
"""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles import search_index
from articles.models import Article

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the search documents of every story (articles/search_index.py)."

    def handle(self, *args, **options):
        start = time.perf_counter()
        total = Article.objects.count()
        batch = []
        for article in tqdm(
            Article.objects.order_by("pk").iterator(chunk_size=BATCH),
            total=total,
            desc="search documents",
            disable=options["verbosity"] == 0,
        ):
            batch.append(article)
            if len(batch) == BATCH:
                search_index.index(batch)
                batch = []
        search_index.index(batch)
        elapsed = time.perf_counter() - start
        self.stdout.write(
            self.style.SUCCESS(f"{total:,} stories' search documents rebuilt in {elapsed:.1f} s.")
        )
