"""The anonymous page cache: served without queries, refreshed at once by publishing and by
approved comments, never shared with signed-in staff; views still counted on a hit."""

import re

import pytest
from django.core.management import call_command

from articles import publishing
from articles.models import ArticleViews
from comments import moderation
from tests.factories import ArticleFactory, CommentFactory


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def test_second_visit_is_served_from_the_cache(client, db, django_assert_num_queries):
    article = ArticleFactory(published=True)
    first = client.get(article.get_absolute_url())
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert first["ETag"]
    with django_assert_num_queries(0):  # the content generation lives in the cache too
        again = client.get(article.get_absolute_url())
    assert again.content == first.content
    not_modified = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_publishing_refreshes_cached_pages(client, editor, django_capture_on_commit_callbacks):
    ArticleFactory(published=True)
    client.get("/")
    story = ArticleFactory(review=True, headline_ar="خبر جديد للتو")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(story, by=editor)
    assert "خبر جديد للتو" in client.get("/").text


def test_approving_a_comment_shows_it_on_the_cached_page(
    client, moderator, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True)
    pending = CommentFactory(article=article, status="pending", text="تعليق ينتظر")
    assert "تعليق ينتظر" not in client.get(article.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve_comments([pending], moderator=moderator)
    assert "تعليق ينتظر" in client.get(article.get_absolute_url()).text


def test_staff_get_fresh_private_pages(client, editor):
    article = ArticleFactory(published=True, headline_ar="قبل")
    client.get(article.get_absolute_url())
    client.force_login(editor)
    type(article).objects.filter(pk=article.pk).update(headline_ar="بعد", headline="بعد")
    page = client.get(article.get_absolute_url())
    assert "بعد" in page.text and "private" in page["Cache-Control"]


def test_views_are_counted_on_cache_hits(client, db):
    article = ArticleFactory(published=True)
    for _ in range(3):
        read(client, article, "Mozilla/5.0")
    call_command("flush_view_counts")
    assert ArticleViews.objects.get(article=article).count == 3


def read(client, article, user_agent):
    """Read the page as a browser does: the page (cached or not), then the images it asks for,
    the view beacon among them."""
    page = client.get(article.get_absolute_url(), HTTP_USER_AGENT=user_agent)
    beacon = re.search(r'<img src="(/hit/\d+\.gif)"', page.text).group(1)
    answer = client.get(beacon, HTTP_USER_AGENT=user_agent)
    assert answer["Content-Type"] == "image/gif" and "no-store" in answer["Cache-Control"]
    return page


def test_the_copy_is_per_host_and_scheme_and_varies_on_cookie(client, db, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    article = ArticleFactory(published=True)
    client.get(article.get_absolute_url())
    other = client.get(article.get_absolute_url(), HTTP_HOST="news.example", secure=True)
    assert 'href="https://news.example/article/' in other.text
    assert "Cookie" in other["Vary"]


def test_reader_specific_addresses_are_not_shared(client, db):
    article = ArticleFactory(published=True)
    response = client.get(article.get_absolute_url(), {"comment": "pending"})
    assert "private" in response["Cache-Control"]
    assert "private" in client.get("/", {"replytocom": "3"})["Cache-Control"]


def test_readers_from_social_links_get_the_shared_copy(client, db, django_assert_num_queries):
    """A new fbclid on every click from Facebook: the page is the same, drawn once."""
    article = ArticleFactory(published=True)
    for _ in range(25):
        ArticleFactory(published=True, section=article.section)
    first = client.get(article.get_absolute_url(), {"fbclid": "IwAR0abc", "utm_source": "fb"})
    assert "public" in first["Cache-Control"] and "fbclid" not in first.text
    with django_assert_num_queries(0):
        again = client.get(f"{article.get_absolute_url()}?utm_medium=social&fbclid=IwAR9xyz")
        plain = client.get(article.get_absolute_url())
    assert again.content == first.content == plain.content
    section = client.get(article.section.get_absolute_url(), {"utm_campaign": "x", "page": "2"})
    assert '<a href="?page=1" rel="prev">' in section.text  # not ?utm_campaign=x&page=1
    assert "utm_campaign" not in section.text and "public" in section["Cache-Control"]
    # A form sent with a tag keeps it: only reads drop them.
    assert "utm_source=x" in client.post("/search/?utm_source=x").wsgi_request.get_full_path()


def test_a_mark_that_is_not_a_time_reads_as_a_purge_never_as_an_error(client, db):
    """What another release may have left in Redis under the same name."""
    from django.core.cache import cache

    from articles.caching import MARK_PREFIX

    article = ArticleFactory(published=True, headline_ar="خبر بعد الترقية")
    cache.set(MARK_PREFIX + "all", "9f1c2e4b", None)
    for _ in range(2):
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200 and "خبر بعد الترقية" in page.text
