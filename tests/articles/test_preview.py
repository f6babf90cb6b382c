"""Signed preview links: readers' view of an unpublished story, expiring, never indexed."""

import re
import time

from django.urls import reverse

from articles.preview import preview_url
from tests.factories import ArticleFactory


def test_preview_shows_an_unpublished_article_and_is_not_indexed(db, client):
    article = ArticleFactory(headline_ar="خبر لم ينشر بعد")
    assert client.get(article.get_absolute_url()).status_code == 404
    response = client.get(preview_url(article))
    assert response.status_code == 200
    assert "خبر لم ينشر بعد" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert "private" in response["Cache-Control"]


def test_preview_link_expires(db, client, settings, monkeypatch):
    settings.PREVIEW_LINK_MAX_AGE = 3600
    article = ArticleFactory()
    url = preview_url(article)
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + 3601)
    assert client.get(url).status_code == 404


def test_forged_preview_link_is_refused(db, client):
    article = ArticleFactory()
    url = preview_url(article)
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("articles:preview", kwargs={"token": token[:-3] + "abc"})
    assert client.get(forged).status_code == 404


def test_admin_shows_the_preview_link(client_for, editor):
    article = ArticleFactory()
    page = client_for(editor).get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "/preview/" in page.text


def test_view_on_site_opens_the_preview_for_a_draft(client_for, editor):
    draft = ArticleFactory()
    page = client_for(editor).get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert re.search(r'href="/preview/[^"]+" class="viewsitelink"', page.text)
