"""`make bench`: speed figures, printed (not asserted), on a throw-away test database.

- recomputing one article's related stories with BENCH_ARTICLES live articles (default
  100,000), and reading the box;
- at that size (bench/newsroom.py): the editor's save that publishes, the admin list with its
  filters and search, the sitemaps, home, a section's page 500 and the feeds missing the
  cache, and (BENCH_RECOMPUTE=1) `recompute_related` for every story;
- an image upload: validation, re-encoding and renditions for a 12-megapixel JPEG;
- search latency (p50, p95) at that size, the engine and the whole page.

BENCH_ONLY=search runs only the search figures (`make bench-search`: 1,000,000 stories).

DATABASE_URL chooses the database, as for the site.
"""

import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))


def _timed(function, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def fill_articles(count):
    """`count` stories of `manage.py seed_bulk`'s newsroom (the one generator of realistic
    stories, with terms, tags, search documents and the newest related boxes)."""
    from articles.seeding import seed

    return seed(count, out=False, jobs=os.cpu_count() or 1)


def search_queries(count=60):
    """Readers' queries drawn from the stories' own words, as written in the archive and in
    other forms: one word, one word with a particle, two words, a quoted phrase."""
    from articles.seeding import vocabulary

    rng = random.Random(7)
    words = [w for w in vocabulary() if w[0] not in '«("' and w.isalpha()]
    queries = []
    for n in range(count):
        word, other = rng.sample(words, 2)
        queries.append(
            [word, "و" + word.removeprefix("ال"), f"{word} {other}", f'"{word} {other}"'][n % 4]
        )
    return queries


def _percentiles(durations):
    durations = sorted(durations)
    p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
    return statistics.median(durations) * 1000, p95 * 1000


def bench_search():
    """Search latency at ARTICLES stories: the engine (the count and the first page of 20,
    ranked) and the whole search page, p50 and p95 over 60 queries."""
    from articles import search
    from articles.models import Article

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_search")
    queries = search_queries()
    client = Client()
    for query in queries[:4]:  # warm-up: templates, caches
        client.get("/search/", {"q": query})
    engine, page, found = [], [], []
    for query in queries:
        start = time.perf_counter()
        ids = search.find(query, language="ar")
        stories = Article.objects.select_related("section").in_bulk(ids[:20])
        engine.append(time.perf_counter() - start)
        found.append(len(ids))
        assert len(stories) == min(20, len(ids))
        start = time.perf_counter()
        response = client.get("/search/", {"q": query})
        page.append(time.perf_counter() - start)
        assert response.status_code == 200
    p50, p95 = _percentiles(engine)
    print(
        f"search at {ARTICLES:,} stories ({connection.vendor}): engine p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms (ranked ids + the first 20 stories; {len(queries)} queries, "
        f"median {statistics.median(found):,.0f} matches, {sum(n >= 1000 for n in found)} "
        f"over the {search.RANK_WINDOW:,} ranked)"
    )
    p50, p95 = _percentiles(page)
    print(f"search page (rendered, snippets): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    if os.environ.get("BENCH_VERBOSE"):
        rows = sorted(zip(engine, queries, found, page, strict=True))
        for took, query, count, shown in rows[-6:]:
            print(f"  {took * 1000:6.1f} ms (page {shown * 1000:6.1f}) {count:6,} found {query}")


def bench_related():
    from articles.models import Article
    from articles.related.boxes import related_for
    from articles.related.scoring import recompute_related

    sample = list(Article.objects.filter(pk__in=range(1, ARTICLES, ARTICLES // 20)))
    durations = []
    for article in sample:
        start = time.perf_counter()
        stored = recompute_related(article)
        durations.append(time.perf_counter() - start)
    durations.sort()
    print(
        f"recompute one article's related list at {ARTICLES:,} articles: median "
        f"{statistics.median(durations) * 1000:.0f} ms, worst {durations[-1] * 1000:.0f} ms "
        f"over {len(sample)} articles ({len(stored)} picks stored for the last)"
    )
    start = time.perf_counter()
    recompute_related(sample[0], refresh_neighbours=True)
    elapsed = (time.perf_counter() - start) * 1000
    print(f"recompute with its neighbours (the publish path): {elapsed:.0f} ms")
    median, stories = _timed(lambda: related_for(sample[1]))
    print(f"read the box: {median * 1000:.1f} ms, 1 query, {len(stories)} stories")


def bench_image_upload():
    """The upload (checked and re-encoded in one decode, then stored) and, apart, the job that
    makes its renditions afterwards."""
    from unittest import mock

    from articles.demo import draw_picture
    from articles.images import refresh_renditions
    from articles.models import Image

    data = draw_picture(7, width=4000, height=3000)

    def upload():
        image = Image(alt_ar="صورة", credit="AFP")
        image.file = ContentFile(data, name="big.jpg")
        with mock.patch("newsportal.jobs.enqueue"):  # its job timed below, not here
            image.save()
        return image

    median, image = _timed(upload, repeat=3)
    job, renditions = _timed(lambda: refresh_renditions(image), repeat=3)
    print(
        f"image upload 4000×3000 JPEG ({len(data) // 1024} KB): {median * 1000:.0f} ms to "
        f"answer (stored {image.width}×{image.height}); its renditions job "
        f"{job * 1000:.0f} ms ({len(renditions)} widths × WebP + JPEG)"
    )


def main():
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.MEDIA_ROOT = settings.BASE_DIR / "bench" / ".media"
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        # A file, as the site uses (an in-memory test database shares its cache, slowly).
        connection.settings_dict["TEST"]["NAME"] = str(settings.BASE_DIR / "bench" / ".bench.db")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench_image_upload()
        start = time.perf_counter()
        fill_articles(ARTICLES)
        print(
            f"seeded {ARTICLES:,} stories (seed_bulk) in "
            f"{time.perf_counter() - start:.1f} s ({connection.vendor})"
        )
        if os.environ.get("BENCH_ONLY") != "search":
            from bench import newsroom

            bench_related()
            newsroom.bench_publish(ARTICLES)
            newsroom.bench_admin_filters()
            newsroom.bench_public_pages()
            if os.environ.get("BENCH_RECOMPUTE"):
                newsroom.bench_recompute_all()
        bench_search()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
