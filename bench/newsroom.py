"""The large newsroom's figures for `make bench` (bench/run.py fills the database with
`seed_bulk`'s stories first): the editor's save that publishes, the admin list's filters, the
public pages a crawler and a reader ask for when nothing is cached (sitemaps, home, a section's
page 500, the feeds), and `recompute_related` for every story (BENCH_RECOMPUTE=1: it takes
minutes).

Pages are asked through Django's test client, in this process: the app's own time, without the
network or gunicorn. The page cache is off for them (each is a miss, as after a purge); the
site's chrome stays in the shared cache, as in production.
"""

import io
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles import roles
from articles.models import Article, Section
from newsportal import background
from tests.articles.test_editor_desk import form_data


def _median_ms(function, repeat=5):
    function()  # warm-up: templates, the chrome in the cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = function()
        times.append(time.perf_counter() - start)
        assert response.status_code in (200, 302), response.status_code
    return statistics.median(times) * 1000, response


def editor_client():
    editor, _new = get_user_model().objects.get_or_create(
        username="bench-desk", defaults={"is_staff": True}
    )
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client = Client()
    client.force_login(editor)
    return client


def bench_publish(count):
    """The editor's save: the change form posted with «published», five drafts in a row."""
    client = editor_client()
    section = Section.objects.order_by("pk").first()
    drafts = [
        Article.objects.create(
            headline_ar=f"خبر للنشر رقم {n}",
            slug=f"bench-publish-{n}",
            section=section,
            standfirst_ar="مقدمة",
            body_ar="<p>نص الخبر الذي سينشره المحرر الآن.</p>",
        )  # fmt: skip
        for n in range(6)
    ]
    times = []
    for draft in drafts:
        url = reverse("admin:articles_article_change", args=[draft.pk])
        data = form_data(draft, status="published", _save="1")
        start = time.perf_counter()
        response = client.post(url, data)
        times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.content[:2000]
        background.wait()  # its neighbours' boxes: after the response, not timed
    print(
        f"editor's save that publishes, at {count:,} stories: median "
        f"{statistics.median(times[1:]) * 1000:.0f} ms (worst {max(times[1:]) * 1000:.0f} ms)"
    )


def bench_admin_filters():
    client = editor_client()
    section = Section.objects.order_by("pk").first()
    year = Article.objects.published().latest("published_at").published_at.year
    for label, params in [
        ("list, first page", {}),
        ("list, page 500", {"p": "500"}),
        ("filtered by status", {"status__exact": "published"}),
        ("filtered by section", {"section__id__exact": section.pk}),
        ("filtered by year", {"published_at__year": year}),
        ("search «النفط»", {"q": "النفط"}),
    ]:
        took, _response = _median_ms(lambda p=params: client.get("/admin/articles/article/", p))
        print(f"admin {label:<24} {took:7.1f} ms")


def bench_public_pages():
    settings.PAGE_CACHE_SECONDS = 0  # every request a miss
    client = Client()
    section = Section.objects.order_by("pk").first()
    # Page 500 at 100,000 stories; the last page of a smaller run.
    last = max(1, Article.objects.published().filter(section=section).count() // 20)
    page = min(500, last)
    pages = [
        ("sitemap index", "/sitemap.xml"),
        ("sitemap page (50,000 addresses)", "/sitemap-articles.xml?p=1"),
        ("sitemap page 2 (the rest)", "/sitemap-articles.xml?p=2"),
        ("home", "/"),
        (f"section, page {page}", f"/section/{section.slug}/?page={page}"),
        ("RSS feed", "/feed/"),
        ("section feed", f"/section/{section.slug}/feed/"),
    ]
    for label, address in pages:
        took, response = _median_ms(lambda a=address: client.get(a))
        size = len(response.content) // 1024
        print(f"{label:<32} {took:7.1f} ms  ({size:,} KB, {connection.vendor})")


def bench_recompute_all():
    out = io.StringIO()
    start = time.perf_counter()
    call_command("recompute_related", stdout=out)
    print(f"recompute_related, every story: {time.perf_counter() - start:.0f} s: "
          f"{out.getvalue().strip()}")  # fmt: skip
