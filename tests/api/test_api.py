"""The public API as an app reads it: only what readers may see, filters, cursor pages, both
languages, errors as JSON, caching headers and exact purges, the request limit. Comments
posted through it: test_api_comments.py."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import publishing
from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ChangeNoteFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def get(client, address, **headers):
    response = client.get(f"/api/v1/{address}", **headers)
    return response, (json.loads(response.content) if response.content else None)


@pytest.fixture
def newsroom():
    local = SectionFactory(name_ar="محليات", name_en="Local", slug="local")
    sport = SectionFactory(name_ar="رياضة", slug="sport")
    kuwait = TagFactory(name_ar="الكويت", slug="kuwait")
    fatima = AuthorFactory(name_ar="فاطمة", slug="fatima")
    now = timezone.now()
    live = [
        ArticleFactory(
            published=True,
            section=local if n % 2 else sport,
            published_at=now - timedelta(hours=n),
            tags=[kuwait] if n < 3 else [],
            authors=[fatima] if n == 1 else [],
        )
        for n in range(1, 8)
    ]
    hidden = [
        ArticleFactory(section=local, headline_ar="مسودة سرية"),
        ArticleFactory(review=True, section=local, headline_ar="قيد المراجعة"),
        ArticleFactory(scheduled=True, section=local, headline_ar="مجدول لاحقاً"),
        ArticleFactory(unpublished=True, section=local, headline_ar="سُحب من النشر"),
    ]
    return {"live": live, "hidden": hidden, "local": local, "kuwait": kuwait, "fatima": fatima}


def walk(client, address):
    """Every item of a paginated list, following `next`."""
    items, pages = [], 0
    while address:
        response = client.get(address)
        assert response.status_code == 200, response.content
        page = json.loads(response.content)
        items += page["results"]
        address, pages = page["next"], pages + 1
    return items, pages


def test_lists_only_live_stories_newest_first_in_cursor_pages(client, newsroom):
    items, pages = walk(client, "/api/v1/articles?page_size=3")
    assert [item["id"] for item in items] == [a.pk for a in newsroom["live"]]
    assert pages == 3
    hidden = {a.pk for a in newsroom["hidden"]}
    assert not hidden & {item["id"] for item in items}
    first = items[0]
    assert first["url"].startswith("http://testserver/article/")
    assert first["section"]["url"] == "http://testserver/section/local/"


def test_a_cursor_stays_right_when_stories_share_a_time_and_others_are_published(client, db):
    moment = timezone.now() - timedelta(hours=1)
    same = [ArticleFactory(published=True, published_at=moment) for __ in range(5)]
    response, page = get(client, "articles?page_size=2")
    fresh = ArticleFactory(published=True)  # published between two pages
    items = page["results"] + walk(client, page["next"])[0]
    assert [item["id"] for item in items] == sorted((a.pk for a in same), reverse=True)
    assert fresh.pk not in [item["id"] for item in items]
    back = json.loads(client.get(json.loads(client.get(page["next"]).content)["previous"]).content)
    assert [item["id"] for item in back["results"]] == [item["id"] for item in page["results"]]


def test_filters_by_section_tag_author_dates_and_updates(client, newsroom):
    live = newsroom["live"]

    def ids(query):
        response, page = get(client, f"articles?{query}")
        assert response.status_code == 200, page
        return [item["id"] for item in page["results"]]

    assert ids("section=local") == [a.pk for a in live if a.section == newsroom["local"]]
    assert ids("tag=kuwait") == [live[0].pk, live[1].pk]
    assert ids("author=fatima") == [live[0].pk]
    day = timezone.localtime(live[0].published_at).date()
    assert set(ids(f"since={day}&until={day}")) == {
        a.pk for a in live if timezone.localtime(a.published_at).date() == day
    }
    Article.objects.filter(pk=live[4].pk).update(modified_at=timezone.now() + timedelta(days=1))
    later = (timezone.now() + timedelta(hours=12)).isoformat()
    assert ids(f"updated_since={later.replace('+', '%2B')}") == [live[4].pk]
    # Days beyond the archive's (1900–2999) hold no story: nothing is refused, nothing found.
    assert ids("since=1800-01-01") == [a.pk for a in live]
    assert ids("until=0001-01-01") == ids("updated_since=9999-12-31T23:59:59") == []


INVALID = ("بعض ما أُرسل غير صالح؛ انظر الأخطاء.", "Some of what was sent is not valid; see errors.")


@pytest.mark.parametrize(
    ("query", "status", "arabic", "english"),
    [
        ("section=nope", 404, "لا يوجد قسم بهذا الاسم.", "There is no such section."),
        ("tag=nope", 404, "لا يوجد وسم بهذا الاسم.", "There is no such tag."),
        ("author=nope", 404, "لا يوجد كاتب بهذا الاسم.", "There is no such author."),
        ("since=2026-13-45", 422, *INVALID),
        ("cursor=zzz", 422, *INVALID),
        ("lang=fr", 422, *INVALID),
    ],
)  # fmt: skip
def test_bad_parameters_get_a_json_message_in_the_asked_language(
    client, newsroom, query, status, arabic, english
):
    response, body = get(client, f"articles?{query}")
    assert (response.status_code, body["message"]) == (status, arabic)
    response, body = get(client, f"articles?{query}&lang=en")
    if "lang=fr" not in query:
        assert (response.status_code, body["message"]) == (status, english)
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_story_in_full_with_pictures_corrections_and_english(client, db):
    picture = ImageFactory(caption_ar="صورة داخل النص", credit="KUNA")
    lead = ImageFactory()
    story = ArticleFactory(
        published=True,
        headline_en="Rain over Kuwait",
        lead_image=lead,
        body_ar=f'<p>قبل الصورة.</p><figure data-image-id="{picture.pk}"></figure>',
        tags=[TagFactory(slug="rain")],
    )
    ChangeNoteFactory(article=story, kind="correction", note_ar="صُحّح الرقم.")
    response, body = get(client, f"articles/{story.pk}")
    assert response.status_code == 200
    assert body["headline"] == story.headline_ar
    assert '<figure class="body-image"' in body["body"] and "<picture>" in body["body"]
    assert [image["id"] for image in body["images"]] == [picture.pk]
    assert body["images"][0]["credit"] == "KUNA"
    assert body["images"][0]["renditions"][0]["webp"].startswith("http://testserver/media/")
    assert body["lead_image"]["id"] == lead.pk and body["lead_image"]["alt"]
    assert body["corrections"][0]["note"] == "صُحّح الرقم."
    assert body["tags"][0]["slug"] == "rain"
    assert body["comments_open"] is True
    english = json.loads(client.get(f"/api/v1/articles/{story.pk}?lang=en").content)
    assert english["headline"] == "Rain over Kuwait"
    assert english["standfirst"] == story.standfirst_ar  # no English: the Arabic, as the site
    assert english["url"].startswith("http://testserver/en/article/")


def test_nothing_unpublished_leaks_by_any_address(client, newsroom):
    for story in newsroom["hidden"]:
        for address in (f"articles/{story.pk}", f"articles/{story.pk}/related",
                        f"articles/{story.pk}/comments"):  # fmt: skip
            response, body = get(client, address)
            assert response.status_code == 404, address
            assert body == {"message": "غير موجود.", "errors": {}}
    __, found = get(client, "search?q=%D9%85%D8%B3%D9%88%D8%AF%D8%A9")  # «مسودة»
    assert found["results"] == []


def test_search_gives_the_sites_results_in_the_sites_order(client, db):
    from articles import search

    for n in range(4):
        ArticleFactory(published=True, headline_ar=f"أمطار غزيرة على الكويت {n}",
                       body_ar="<p>" + "أمطار " * n + "</p>")  # fmt: skip
    ArticleFactory(published=True, headline_ar="مباراة كرة القدم")
    expected = search.find("أمطار", language="ar")
    items, pages = walk(client, "/api/v1/search?q=%D8%A3%D9%85%D8%B7%D8%A7%D8%B1&page_size=3")
    assert [item["id"] for item in items] == expected and len(expected) == 4 and pages == 2
    assert "أمطار" in items[0]["snippet"]
    response, body = get(client, "search?q=x&since=2026-02-30&lang=en")
    assert response.status_code == 422 and body["errors"]["since"]


def test_related_stories_are_the_boxs(client, db):
    from articles.related.models import RelatedStory

    story, pick, hidden = (
        ArticleFactory(published=True),
        ArticleFactory(published=True),
        (ArticleFactory()),
    )
    RelatedStory.objects.create(article=story, story=pick, is_pinned=True, position=0, score=1)
    RelatedStory.objects.create(article=story, story=hidden, position=1, score=1)
    __, body = get(client, f"articles/{story.pk}/related")
    assert [item["id"] for item in body] == [pick.pk]


def test_sections_tags_and_authors(client, newsroom):
    __, sections = get(client, "sections?lang=en")
    assert [s["slug"] for s in sections] == ["local", "sport"]
    assert sections[0]["name"] == "Local" and sections[0]["url"].endswith("/en/section/local/")
    __, tags = get(client, "tags")
    assert [t["slug"] for t in tags["results"]] == ["kuwait"]
    __, authors = get(client, "authors")
    assert authors["results"][0]["name"] == "فاطمة"


def test_comments_are_threaded_and_never_show_an_email_or_address(client, db):
    story = ArticleFactory(published=True)
    first = CommentFactory(article=story, email="secret@example.com")
    reply = CommentFactory(article=story, parent=first, thread_id=first.pk, depth=2)
    CommentFactory(article=story, status="pending", text="ينتظر المراجعة")
    second = CommentFactory(article=story)
    response, body = get(client, f"articles/{story.pk}/comments")
    assert [c["id"] for c in body["results"]] == [second.pk, first.pk]
    assert [c["id"] for c in body["results"][1]["replies"]] == [reply.pk]
    assert body["results"][1]["replies"][0]["parent"] == first.pk
    text = response.content.decode()
    assert "secret@example.com" not in text and "198.51.100.7" not in text
    assert "ينتظر المراجعة" not in text and "email" not in text


def test_caching_headers_keys_and_conditional_requests(client, db):
    story = ArticleFactory(published=True, tags=[TagFactory()])
    response = client.get(f"/api/v1/articles/{story.pk}")
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    keys = response["xkey"].split()
    assert {f"a{story.pk}", f"s{story.section_id}", f"c{story.pk}", "api"} <= set(keys)
    assert response["Surrogate-Key"] == response["xkey"]
    etag, modified = response["ETag"], response["Last-Modified"]
    again = client.get(f"/api/v1/articles/{story.pk}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    since = client.get(f"/api/v1/articles/{story.pk}", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    listing = client.get("/api/v1/articles")
    assert {"latest", f"a{story.pk}"} <= set(listing["xkey"].split())
    private = client.get("/api/v1/articles?colour=red")  # not one of its filters
    assert "private" in private["Cache-Control"] and "xkey" not in private
    tracked = client.get("/api/v1/articles?utm_source=x")  # a tracking tag: the shared copy
    assert tracked["xkey"] == listing["xkey"] and "private" not in tracked["Cache-Control"]


def test_publishing_purges_the_lists_and_leaves_other_stories_cached(
    client, db, settings, editor, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    other = ArticleFactory(published=True, headline_ar="خبر آخر")
    draft = ArticleFactory(review=True, section=other.section)
    first = json.loads(client.get("/api/v1/articles").content)
    assert [item["id"] for item in first["results"]] == [other.pk]
    Article.objects.filter(pk=other.pk).update(headline_ar="تغيّر دون حفظ")  # no purge
    with django_capture_on_commit_callbacks(execute=True):
        publishing.transition(draft, Article.Status.PUBLISHED, by=editor)
    ids = [item["id"] for item in json.loads(client.get("/api/v1/articles").content)["results"]]
    assert ids == [draft.pk, other.pk]
    kept = json.loads(client.get(f"/api/v1/articles/{other.pk}").content)
    assert kept["headline"] == "تغيّر دون حفظ"  # first drawn now
    Article.objects.filter(pk=other.pk).update(headline_ar="مرة ثالثة")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.transition(ArticleFactory(review=True), Article.Status.PUBLISHED, by=editor)
    kept = json.loads(client.get(f"/api/v1/articles/{other.pk}").content)
    assert kept["headline"] == "تغيّر دون حفظ"  # B's copy stays while A is published


def test_requests_per_address_are_limited(client, db, settings):
    settings.API_RATE_LIMIT = "3/m"
    for __ in range(3):
        assert client.get("/api/v1/sections").status_code == 200
    response = client.get("/api/v1/sections?lang=en")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert json.loads(response.content)["message"] == (
        "Too many requests. Wait a moment and try again."
    )
    assert client.get("/api/v1/sections", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_schema_and_its_documentation_page(client, db):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/articles", "/api/v1/articles/{pk}", "/api/v1/search",
            "/api/v1/articles/{pk}/comments"} <= set(schema["paths"])  # fmt: skip
    page = client.get("/api/v1/docs/")
    text = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in text
    assert "GET /api/v1/articles/{pk}" in text and "cdn" not in text.lower()
    assert "<script" not in text.split("</header>")[-1]
    assert client.get("/en/api/v1/docs/").status_code == 200


def test_a_listing_costs_the_same_queries_whatever_its_size(client, db, django_assert_num_queries):
    for __ in range(3):
        ArticleFactory(published=True, authors=[AuthorFactory()], lead_image=ImageFactory())
    # The stories (with section and picture), their authors.
    with django_assert_num_queries(2):
        client.get("/api/v1/articles")
    for __ in range(10):
        ArticleFactory(published=True, authors=[AuthorFactory()], lead_image=ImageFactory())
    with django_assert_num_queries(2):
        client.get("/api/v1/articles")


def test_unknown_api_addresses_answer_json_not_the_sites_page(client, db):
    for address in ("articles/abc", "articles/-5", "nope", "articles/1/nothing"):
        response, body = get(client, address + "?lang=en")
        assert response.status_code == 404, address
        assert body == {"message": "Not found.", "errors": {}}
    response = client.post("/api/v1/articles/abc/comments", "{}", content_type="application/json")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def cursor(value):
    import base64

    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize(
    "value",
    [{"p": ["x", 1], "r": False}, {"p": ["2026-01-01T00:00:00+00:00", "abc"], "r": False},
     {"p": [1, 2], "r": False}, {"p": ["x"], "r": True}, {"p": [True], "r": False},
     {"p": [None, 1]}, ["x"], "x"],
)  # fmt: skip
def test_a_crafted_cursor_is_a_422_on_every_list(client, newsroom, value):
    story = newsroom["live"][0]
    for address in ("articles", "tags", "authors", f"articles/{story.pk}/comments",
                    "search?q=%D8%AE%D8%A8%D8%B1"):  # fmt: skip
        joiner = "&" if "?" in address else "?"
        response, body = get(client, f"{address}{joiner}cursor={cursor(value)}")
        assert response.status_code == 422, (address, value)
        assert list(body["errors"]) == ["cursor"]


def test_odd_slugs_and_page_sizes_are_answered_not_crashed(client, newsroom):
    for query in ("section=%00", "tag=%00x", "author=a%00"):
        assert get(client, f"articles?{query}")[0].status_code == 404
    assert get(client, "search?q=x&section=%00")[0].status_code == 404
    assert get(client, "articles?page_size=101")[0].status_code == 422
    assert get(client, "articles?page_size=0")[0].status_code == 422


def test_pages_of_an_arabic_search_follow_even_from_an_unencoded_address(client, db):
    for n in range(5):
        ArticleFactory(published=True, headline_ar=f"أمطار الكويت {n}")
    items, pages = walk(client, "/api/v1/search?q=أمطار&page_size=2")
    assert len(items) == 5 and pages == 3
    assert (
        "q=%D8%A3%D9%85%D8%B7%D8%A7%D8%B1"
        in client.get("/api/v1/search?q=أمطار&page_size=2").json()["next"]
    )


def test_list_cards_name_their_section_and_authors_for_the_purges(client, db):
    author = AuthorFactory()
    story = ArticleFactory(published=True, authors=[author])
    response, body = get(client, "articles")
    assert {f"a{story.pk}", f"s{story.section_id}", f"u{author.pk}"} <= set(
        response["xkey"].split()
    )
    assert "comment_count" not in body["results"][0]  # in the story itself, purged by c<pk>
    assert get(client, f"articles/{story.pk}")[1]["comment_count"] == 0


def test_only_an_endpoints_own_parameters_share_a_copy(client, db):
    assert "public" in client.get("/api/v1/sections")["Cache-Control"]
    assert "private" in client.get("/api/v1/sections?q=x")["Cache-Control"]
    assert "private" in client.get("/api/v1/articles?q=x")["Cache-Control"]
    assert "public" in client.get("/api/v1/articles?section=&page_size=5")["Cache-Control"]
    searched = client.get("/api/v1/search?q=x")
    assert searched.status_code == 200 and "public" not in searched.get("Cache-Control", "")
