"""The reader's pages are valid HTML5 and need no inline script, style or event handler, so a
strict Content-Security-Policy holds."""

import re

import html5lib
import pytest

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, ImageFactory, SectionFactory, TagFactory


@pytest.fixture
def urls(db):
    section = SectionFactory(slug="local")
    tag = TagFactory(slug="kuwait")
    article = ArticleFactory(
        published=True,
        section=section,
        tags=[tag],
        lead_image=ImageFactory(),
        headline_en="English",
        body_ar="<p>نص <a href='https://kuna.net.kw'>KUNA</a></p><blockquote>اقتباس</blockquote>"
        f'<figure data-image-id="{ImageFactory().pk}"></figure>'
        '<figure data-embed="https://x.com/KUNA_ar/status/1234567890"></figure>',
    )
    CommentFactory(article=article, status=Comment.Status.APPROVED)
    return [
        "/",
        "/en/",
        "/section/local/",
        "/tag/kuwait/",
        article.get_absolute_url(),
        "/en" + article.get_absolute_url(),
        "/search/?q=نص",
        f"/archive/{article.published_at:%Y}/",
        "/article/999999/",
    ]


def test_pages_are_valid_html5(client, urls):
    for url in urls:
        html = client.get(url).content
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        try:
            parser.parse(html)
        except html5lib.html5parser.ParseError as error:
            line = html.decode().splitlines()[parser.errors[0][0][0] - 1] if parser.errors else ""
            pytest.fail(f"{url}: {error}\n{line.strip()[:200]}")


def test_no_inline_script_style_or_handlers_and_a_strict_csp(client, urls):
    for url in urls:
        response = client.get(url)
        html = response.content.decode()
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert all("src=" in attrs or "application/ld+json" in attrs for attrs in scripts), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"<[^>]+\son[a-z]+=", html), url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_admin_keeps_working_without_the_policy(admin_client):
    assert "Content-Security-Policy" not in admin_client.get("/admin/")
