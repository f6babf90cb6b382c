"""The story body: the one allowlist, pictures by reference, embeds that wait for the reader."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import publishing
from articles.body import image_ids, render_body
from articles.html import allowlist, sanitize_html
from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<p style="background:url(javascript:alert(1))" onclick="x()">x</p>',
        '<iframe src="https://evil.example/"></iframe>',
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
        '<object data="x.swf"></object><embed src="x.swf">',
        "<svg><script>alert(1)</script></svg>",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<form action="https://evil.example"><input name="x"></form>',
        "<!-- a comment --><style>p{}</style>",
        '<figure data-embed="javascript:alert(1)"></figure>',
        '<figure data-embed="https://evil.example/watch?v=dQw4w9WgXcQ"></figure>',
        '<figure data-image-id="1 onerror=alert(1)"></figure>',
        '<p class="MsoNormal"><span style="font-family:Arial">x</span>'
        '<font color="red">y</font></p>',
    ],
)
def test_hostile_markup_never_survives(hostile):
    cleaned = sanitize_html(hostile)
    for marker in (
        "<script", "onerror", "onclick", "javascript:", "data:", "<iframe", "<object", "<embed",
        "<svg", "<math", "<form", "<input", "<style", "style=", "class=", "<span", "<font",
        "<!--", "evil.example",
    ):  # fmt: skip
        assert marker not in cleaned.lower()


def test_the_allowlist_is_what_the_toolbar_makes():
    rules = allowlist()
    assert {"p", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote"} <= rules["tags"]
    assert "figure" in rules["tags"] and "bdi" in rules["tags"]
    assert {"img", "iframe", "span", "div", "script", "style"}.isdisjoint(rules["tags"])
    assert rules["attributes"]["figure"] == {"data-image-id", "data-embed"}
    assert rules["attributes"]["a"] == {"href", "title", "rel"}


def test_links_get_noopener_and_keep_an_editors_nofollow():
    cleaned = sanitize_html(
        '<p><a href="https://kuna.net.kw/">KUNA</a> '
        '<a href="https://x.example/" rel="NoFollow sponsored noreferrer" title="a > b">X</a></p>'
    )
    assert '<a href="https://kuna.net.kw/" rel="noopener">KUNA</a>' in cleaned
    assert 'rel="nofollow noopener"' in cleaned
    assert 'title="a &gt; b"' in cleaned


def test_an_empty_editor_stores_an_empty_body():
    assert sanitize_html("<p></p>") == ""


def test_pictures_and_embeds_are_stored_as_references():
    image = ImageFactory()
    cleaned = sanitize_html(
        f'<figure data-image-id="{image.pk}" class="x"><img src="/a.jpg"><figcaption>c'
        f'</figcaption></figure><figure data-embed="{YOUTUBE}"><a href="{YOUTUBE}">v</a></figure>'
    )
    assert f'<figure data-image-id="{image.pk}">' in cleaned
    assert f'<figure data-embed="{YOUTUBE}">' in cleaned
    assert "<img" not in cleaned


def test_a_picture_is_drawn_from_the_library_with_renditions_and_isolated_credit():
    image = ImageFactory(caption_ar="وزير النفط", credit="TOPSHOTS-SYRIA-CONFLICT")
    html = render_body(f'<p>قبل</p><figure data-image-id="{image.pk}"></figure><p>بعد</p>')
    assert '<figure class="body-image">' in html
    assert '<source type="image/webp"' in html and "320w" in html
    assert f'width="{image.width}" height="{image.height}"' in html
    assert 'alt="صورة من الحدث"' in html and 'loading="lazy"' in html
    assert '<bdi dir="auto">TOPSHOTS-SYRIA-CONFLICT</bdi>' in html
    assert "<p>قبل</p>" in html and "<p>بعد</p>" in html


def test_a_credit_changed_in_the_library_changes_in_every_story(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60  # the pages and the API answers are cached first
    image = ImageFactory(credit="AFP")
    body = f'<p>نص</p><figure data-image-id="{image.pk}"></figure>'
    first = ArticleFactory(published=True, body_ar=body)
    second = ArticleFactory(published=True, body_ar=body)
    for article in (first, second):
        assert '<bdi dir="auto">AFP</bdi>' in client.get(article.get_absolute_url()).text
        assert "AFP" in client.get(f"/api/v1/articles/{article.pk}").text
    with django_capture_on_commit_callbacks(execute=True):
        image.credit = "KUNA"
        image.save()
    for article in (first, second):
        page = client.get(article.get_absolute_url()).text
        assert '<bdi dir="auto">KUNA</bdi>' in page and "AFP" not in page
        detail = client.get(f"/api/v1/articles/{article.pk}").json()
        assert [picture["credit"] for picture in detail["images"]] == ["KUNA"]


def test_a_deleted_picture_leaves_no_markup(client):
    image = ImageFactory()
    article = ArticleFactory(
        published=True, body_ar=f'<p>نص</p><figure data-image-id="{image.pk}"></figure>'
    )
    image.delete()
    page = client.get(article.get_absolute_url()).text
    assert "data-image-id" not in page and 'class="body-image"' not in page
    assert "<p>نص</p>" in page


def test_a_picture_without_alt_text_or_credit_blocks_publishing(editor):
    image = ImageFactory(alt_ar="", credit="")
    article = ArticleFactory(body_ar=f'<figure data-image-id="{image.pk}"></figure>')
    with pytest.raises(ValidationError) as refused:
        publishing.publish(article, by=editor)
    assert "body_ar" in refused.value.message_dict
    image.alt_ar, image.credit = "مبنى مجلس الأمة", "KUNA"
    image.save()
    publishing.publish(article, by=editor)
    assert article.is_live


def test_the_admin_form_and_the_bulk_action_refuse_a_picture_without_alt_text(client_for, editor):
    from django.urls import reverse

    from tests.articles.test_editor_desk import change_url, form_data

    image = ImageFactory(alt_ar="", credit="KUNA")
    article = ArticleFactory(review=True, body_ar=f'<figure data-image-id="{image.pk}"></figure>')
    client = client_for(editor)
    page = client.post(change_url(article), form_data(article, status="published"))
    assert page.status_code == 200  # the form again, with the reason
    assert "نص بديل" in page.text
    listing = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_action", "_selected_action": [article.pk]},
        follow=True,
    )
    assert article.headline_ar in listing.text
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_image_ids_are_read_in_order_once():
    body = '<figure data-image-id="3"></figure><figure data-image-id="1"></figure>' * 2
    assert image_ids(body) == [3, 1]


def test_an_embed_is_a_link_until_the_reader_asks():
    html = render_body(f'<figure data-embed="{YOUTUBE}"></figure>')
    assert '<figure class="embed embed--youtube"' in html
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert f'<a href="{YOUTUBE}" rel="noopener" dir="ltr">' in html
    assert '<button type="button" class="embed__show" hidden>' in html
    assert "<iframe" not in html and "<script" not in html


@pytest.mark.parametrize(
    ("url", "provider", "player"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://x.com/KUNA_ar/status/1234567890", "x", "Tweet.html?id=1234567890"),
        ("https://twitter.com/KUNA_ar/status/99", "x", "Tweet.html?id=99"),
        ("https://www.instagram.com/p/C0dE-x_1/", "instagram", "instagram.com/p/C0dE-x_1/embed/"),
        ("https://www.facebook.com/kuna/posts/pfbid0abc", "facebook", "plugins/post.php?href="),
        ("https://www.facebook.com/kuna/videos/123/", "facebook", "plugins/video.php?href="),
    ],
)
def test_each_provider_is_recognised(url, provider, player):
    html = render_body(sanitize_html(f'<figure data-embed="{url}"></figure>'))
    assert f"embed--{provider}" in html and player in html


def test_the_article_page_allows_only_the_providers_frames(client):
    article = ArticleFactory(published=True, body_ar=f'<figure data-embed="{YOUTUBE}"></figure>')
    policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    frame_src = next(d for d in policy.split(";") if d.strip().startswith("frame-src"))
    assert frame_src.split()[1:] == [
        "https://www.youtube-nocookie.com",
        "https://platform.twitter.com",
        "https://www.instagram.com",
        "https://www.facebook.com",
    ]
    assert "script-src 'self'" in policy


def test_old_bodies_render_as_they_were_stored(client):
    old = "<p>فقرة <strong>مهمة</strong></p><h2>عنوان</h2><blockquote><p>قول</p></blockquote>"
    article = ArticleFactory(published=True, body_ar=old)
    assert old in client.get(article.get_absolute_url()).text


def test_an_old_bodys_formatting_survives_a_save_outside_the_editor():
    """Bodies stored before the editor wrote <b>, <i>, <sub>: a bulk action or a scheduled
    going live (saves that never pass the editor) keeps what readers see."""
    old = "<p><b>الوزير</b> <i>اليوم</i> H<sub>2</sub>O م<sup>2</sup> <s>ملغاة</s></p>"
    article = ArticleFactory(body_ar="")
    Article.objects.filter(pk=article.pk).update(body_ar=old)
    article.refresh_from_db()
    publishing.publish(article, by=UserFactory(username="editor", role="editors"))
    article.refresh_from_db()
    assert article.body_ar == (
        "<p><strong>الوزير</strong> <em>اليوم</em> H<sub>2</sub>O م<sup>2</sup> <s>ملغاة</s></p>"
    )


def test_pictures_in_the_body_cost_one_query_whatever_their_number(
    client, django_assert_num_queries
):
    plain = ArticleFactory(published=True, body_ar="<p>نص</p>")
    client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as baseline:
        client.get(plain.get_absolute_url())
    plain_queries = len(baseline)  # read now: the next request clears the query log
    for count in (1, 8):
        figures = "".join(
            f'<figure data-image-id="{ImageFactory().pk}"></figure>' for _ in range(count)
        )
        article = ArticleFactory(published=True, body_ar=f"<p>نص</p>{figures}")
        client.get(article.get_absolute_url())
        with django_assert_num_queries(plain_queries + 1):
            page = client.get(article.get_absolute_url())
        assert page.text.count('class="body-image"') == count
