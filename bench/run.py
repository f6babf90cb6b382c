"""`make bench`: speed figures, printed (not asserted), on a throw-away test database.

- recomputing one article's related stories with BENCH_ARTICLES live articles (default
  100,000), and reading the box;
- the admin article list at that size: time and queries;
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
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))


def _timed(function, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


class _QueryTimer:
    def __init__(self, log):
        self.log = log

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.log.append((time.perf_counter() - start, sql))


def _vocabulary():
    from articles.demo import STORIES
    from tests.related.corpus import CLUSTERS

    texts = [s[2] + " " + s[4] for s in STORIES] + [
        headline + " " + body for stories in CLUSTERS.values() for _, headline, body in stories
    ]
    words = sorted({w for text in texts for w in text.split() if len(w) > 3})
    return words


def fill_articles(count):
    """`count` live articles on 60 synthetic topics, with tags and the term index filled."""
    from articles.models import Article, Section, Tag
    from articles.related.models import ArticleTerm
    from articles.related.terms import term_weights

    rng = random.Random(1)
    words = _vocabulary()
    topics = [rng.sample(words, 14) for _ in range(60)]
    sections = [Section.objects.create(name_ar=f"قسم {n}", slug=f"s{n}") for n in range(8)]
    tags = [Tag.objects.create(name_ar=f"وسم {n}", slug=f"t{n}") for n in range(200)]
    now = timezone.now()
    articles, terms, tag_links = [], [], []
    Through = Article.tags.through
    for index in range(count):
        topic = topics[index % len(topics)]
        headline = " ".join(rng.sample(topic, 6))
        standfirst = " ".join(rng.sample(topic, 8) + rng.sample(words, 6))
        article = Article(
            pk=index + 1,
            headline_ar=headline,
            headline=headline,
            standfirst_ar=standfirst,
            standfirst=standfirst,
            slug=f"khabar-{index}",
            section=sections[index % len(sections)],
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=index),
        )
        articles.append(article)
        if os.environ.get("BENCH_ONLY") != "search":
            terms += [
                ArticleTerm(article_id=index + 1, term=t, weight=w)
                for t, w in term_weights(article).items()
            ]
        tag_links += [
            Through(article_id=index + 1, tag_id=tags[(index % 60) * 3 + k].pk) for k in range(2)
        ]
        if len(articles) == 5000:
            _store(articles, terms, tag_links)
            articles, terms, tag_links = [], [], []
    _store(articles, terms, tag_links)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), %s)", [count]
            )


def _store(articles, terms, tag_links):
    from articles import search
    from articles.models import Article
    from articles.related.models import ArticleTerm

    Article.objects.bulk_create(articles)
    ArticleTerm.objects.bulk_create(terms, batch_size=5000)
    Article.tags.through.objects.bulk_create(tag_links, batch_size=5000)
    search.index(articles)


def search_queries(count=60):
    """Readers' queries drawn from the stories' own words, as written in the archive and in
    other forms: one word, one word with a particle, two words, a quoted phrase."""
    rng = random.Random(7)
    words = [w for w in _vocabulary() if w[0] not in '«("' and w.isalpha()]
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


def bench_admin_list():
    from django.contrib.auth.models import Group

    from articles import roles

    editor = get_user_model().objects.create_user("bench-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client = Client()
    client.force_login(editor)
    for label, params in [
        ("list, first page", {}),
        ("list, page 500", {"p": "500"}),
        ("list, filtered by status", {"status__exact": "published"}),
        ("list, search «النفط»", {"q": "النفط"}),
    ]:
        client.get("/admin/articles/article/", params)  # warm-up
        queries = []
        with connection.execute_wrapper(_QueryTimer(queries)):
            client.get("/admin/articles/article/", params)
        median, response = _timed(lambda p=params: client.get("/admin/articles/article/", p))
        assert response.status_code == 200, response.status_code
        slowest = max(queries, key=lambda q: q[0])
        print(
            f"admin {label:<28} {median * 1000:7.1f} ms  {len(queries)} queries, slowest "
            f"{slowest[0] * 1000:.1f} ms: {slowest[1][:90]}"
        )


def bench_image_upload():
    from articles.demo import draw_picture
    from articles.models import Image

    data = draw_picture(7, width=4000, height=3000)

    def upload():
        image = Image(alt_ar="صورة", credit="AFP")
        image.file = ContentFile(data, name="big.jpg")
        image.save()
        return image

    median, image = _timed(upload, repeat=3)
    print(
        f"image upload 4000×3000 JPEG ({len(data) // 1024} KB): {median * 1000:.0f} ms "
        f"(stored {image.width}×{image.height}, {len(image.renditions)} widths × WebP + JPEG)"
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
            f"filled {ARTICLES:,} articles with terms and tags in "
            f"{time.perf_counter() - start:.1f} s ({connection.vendor})"
        )
        if os.environ.get("BENCH_ONLY") != "search":
            bench_related()
            bench_admin_list()
        bench_search()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
