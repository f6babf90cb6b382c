"""Search results in the order a reader expects, snippets that show why a story matched, the
search page's filters and pages, the PostgreSQL index in use, and any input handled."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from articles import publishing, search, search_index, snippets
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

FILLER = "تفاصيل إضافية عن الموضوع"


def _story(headline=FILLER, standfirst=FILLER, body=FILLER, **fields):
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        headline_ar=headline,
        standfirst_ar=standfirst,
        body_ar=f"<p>{body}</p>",
        **fields,
    )


def _ranked(query, language="ar"):
    return [Article.objects.get(pk=pk) for pk in search.find(query, language=language)]


def test_headline_above_standfirst_above_body():
    in_body = _story(body=f"{FILLER} السيول {FILLER}")
    in_headline = _story(headline=f"السيول {FILLER}")
    in_standfirst = _story(standfirst=f"{FILLER} السيول")
    assert _ranked("السيول") == [in_headline, in_standfirst, in_body]


def test_more_matching_words_above_fewer():
    once = _story(body=f"الأمطار غزيرة {FILLER} والسيول في المدينة")
    often = _story(body="الأمطار والسيول تضرب البلاد والسيول تغلق الطرق والأمطار مستمرة")
    assert _ranked("الأمطار السيول") == [often, once]


def test_newer_stories_win_ties():
    now = timezone.now()
    older = _story(headline="إغلاق الطرق", published_at=now - timedelta(days=2))
    newer = _story(headline="إغلاق الطرق", published_at=now - timedelta(hours=2))
    assert _ranked("الطرق") == [newer, older]


def test_an_exact_form_above_a_stem_only_match():
    stem_only = _story(headline="اللاعبين في المعسكر")
    exact = _story(headline="لاعبون في المعسكر", published_at=timezone.now() - timedelta(days=3))
    assert _ranked("لاعبون") == [exact, stem_only]
    assert _ranked("اللاعبين") == [stem_only, exact]


def test_the_newest_order_ignores_relevance(client):
    now = timezone.now()
    _story(headline="الميزانية العامة", published_at=now - timedelta(days=5))
    _story(body="نقاش حول الميزانية", published_at=now - timedelta(hours=1))
    by_rank = client.get("/search/", {"q": "الميزانية"}).text
    newest = client.get("/search/", {"q": "الميزانية", "sort": "newest"}).text
    assert by_rank.index("الميزانية العامة") < by_rank.index("نقاش حول")
    assert newest.index("نقاش حول") < newest.index("الميزانية العامة")


def test_snippets_mark_the_matching_words_escaped():
    body = " ".join(["كلمة"] * 40) + " وصلت المساعدات إلى <غزة> صباح اليوم " + "نهاية " * 40
    escaped = body.replace("<", "&lt;").replace(">", "&gt;")
    text = snippets.snippet(f"<p>{escaped}</p>", search.parse("بغزة"))
    assert "<mark>غزة</mark>" in text and "&lt;" in text and "<غزة>" not in text
    assert text.startswith("…") and text.endswith("…") and len(text.split()) < 40


def test_the_page_shows_ranked_results_with_snippets_and_filters(client):
    sport = SectionFactory(slug="sport", name_ar="رياضة")
    economy = SectionFactory(slug="economy", name_ar="اقتصاد")
    now = timezone.now()
    _story(headline="النادي يعلن صفقة", section=sport, published_at=now - timedelta(days=40))
    _story(headline="البورصة", body="تداولات <b>قياسية</b> في صفقات اليوم", section=economy)
    page = client.get("/search/", {"q": "صفقة"})
    assert page.status_code == 200 and 'content="noindex, follow"' in page.text
    assert "نتيجتان" in page.text and "<h2><a" in page.text
    assert "تداولات قياسية في <mark>صفقات</mark> اليوم" in page.text
    only_sport = client.get("/search/", {"q": "صفقة", "section": "sport"}).text
    assert "النادي يعلن" in only_sport and "البورصة" not in only_sport
    recent = (now - timedelta(days=7)).date().isoformat()
    last_week = client.get("/search/", {"q": "صفقة", "since": recent}).text
    assert "البورصة" in last_week and "النادي يعلن" not in last_week


def test_bad_filters_get_a_message_and_the_rest_still_applies(client):
    _story(headline="الأمطار الغزيرة")
    page = client.get(
        "/search/", {"q": "الأمطار", "since": "2026-13-45", "section": "nope", "sort": "x"}
    )
    assert page.status_code == 200 and "الأمطار الغزيرة" in page.text
    assert "أدخل تاريخاً صحيحاً." in page.text
    reversed_dates = client.get(
        "/en/search/", {"q": "الأمطار", "since": "2026-05-02", "until": "2026-05-01"}
    ).text
    assert "The end date comes before the start date." in reversed_dates


def test_pages_of_results_keep_the_query_and_filters(client):
    for n in range(23):
        _story(headline=f"الأمطار رقم {n}")
    first = client.get("/search/", {"q": "الأمطار", "sort": "newest"}).text
    assert "23 نتيجة" in first or "23 results" in first
    rain = "%D8%A7%D9%84%D8%A3%D9%85%D8%B7%D8%A7%D8%B1"
    assert f'href="?q={rain}&amp;sort=newest&amp;page=2"' in first
    second = client.get("/search/", {"q": "الأمطار", "sort": "newest", "page": 2}).text
    assert second.count('class="search-result"') == 3 and 'start="21"' in second


def test_nothing_found_shows_the_query_the_spelling_note_and_the_latest(client):
    _story(headline="آخر الأخبار اليوم")
    page = client.get("/search/", {"q": "<b>زلزال</b>"}).text
    assert "&lt;b&gt;زلزال&lt;/b&gt;" in page and "<b>زلزال" not in page
    assert "ة وه" in page or "ة and ه" in page
    assert "آخر الأخبار اليوم" in page


def test_drafts_scheduled_and_unpublished_are_never_found(client):
    ArticleFactory(headline_ar="مسودة الكسوف")
    ArticleFactory(scheduled=True, headline_ar="موعد الكسوف")
    ArticleFactory(unpublished=True, headline_ar="سحب الكسوف")
    assert _ranked("الكسوف") == []
    assert 'class="search-result"' not in client.get("/search/", {"q": "الكسوف"}).text


def test_edits_and_deletions_reach_the_index():
    story = _story(headline="افتتاح الجسر")
    assert _ranked("الجسر") == [story]
    story.headline_ar = "افتتاح النفق"
    story.save()
    assert _ranked("الجسر") == [] and _ranked("النفق") == [story]
    story.delete()
    assert _ranked("النفق") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")
def test_postgresql_answers_from_the_gin_index():
    section = SectionFactory()
    now = timezone.now()
    stories = Article.objects.bulk_create(
        Article(
            headline_ar=f"خبر رقم {n} عن {'الطقس' if n % 500 == 0 else 'السوق'}",
            slug=f"n{n}",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n),
        )
        for n in range(2000)
    )
    search_index.index(stories)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        cursor.execute("ANALYZE articles_search")
        # New entries wait in GIN's pending list until (auto)vacuum merges them, as it does
        # on a running server; the planner prices a long pending list as a scan.
        cursor.execute("SELECT gin_clean_pending_list('articles_search_document'::regclass)")
    with CaptureQueriesContext(connection) as captured:
        found = search.find("الطقس", language="ar")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on articles_search_document" in plan, plan
    assert len(found) == 4


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from("\"-+#*:&|!()'\\<>ـًٌٍ\u202e\u2067\x00 ال"),
        ),
        max_size=300,
    )
)
def test_any_query_string_is_safe(client, q):
    _story(headline="خبر ثابت")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    cleaned = search.clean(q)
    if cleaned and "\x00" not in q:  # a NUL makes the form refuse the query: nothing echoed
        # Escaped as the readers' template engine (Jinja2) escapes: ' as &#39;, " as &#34;.
        assert f'name="q" value="{escape(cleaned)}"' in response.text
    search.find(q, language="ar")


def test_huge_and_odd_queries_are_capped_and_echoed_escaped(client):
    _story(headline="خبر ثابت")
    for q in ("", "   ", "!!!", '""', "-", "---", "\x00ا", "ا" * 10_000, '"غير مغلق'):
        page = client.get("/search/", {"q": q})
        assert page.status_code == 200, q
    long = client.get("/search/", {"q": "خبر " * 3000}).text
    echoed = re.search(r'name="q" value="([^"]*)"', long).group(1)
    assert len(echoed) == search.MAX_QUERY - 1  # 200 characters, the last space dropped


def test_the_rebuild_command_restores_lost_documents():
    story = _story(headline="انقطاع الكهرباء")
    search_index.remove([story.pk])
    assert _ranked("الكهرباء") == []
    out = io.StringIO()
    call_command("rebuild_search_index", verbosity=0, stdout=out)
    assert _ranked("الكهرباء") == [story] and "rebuilt" in out.getvalue()


def test_publishing_and_unpublishing_reach_the_search(editor):
    story = ArticleFactory(headline_ar="افتتاح المطار الجديد")
    assert _ranked("المطار") == []
    publishing.publish(story, by=editor)
    assert _ranked("المطار") == [story]
    publishing.unpublish(story, by=editor)
    assert _ranked("المطار") == []
    later = timezone.now() + timedelta(hours=1)
    publishing.publish(story, by=editor, at=later)
    assert _ranked("المطار") == []  # scheduled: found once its time has come
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    story.refresh_from_db()
    story.save()
    assert _ranked("المطار") == [story]


def test_dates_beyond_the_calendar_get_a_message(client):
    _story(headline="الأمطار الغزيرة")
    for params in ({"until": "9999-12-31"}, {"since": "0001-01-01"}):
        page = client.get("/search/", {"q": "الأمطار", **params})
        assert page.status_code == 200 and "الأمطار الغزيرة" in page.text
        assert "اختر تاريخاً بين 1900 و2999." in page.text


def test_snippets_drop_direction_overrides():
    text = snippets.snippet("<p>وصلت إلى غزة \u202eabc def</p>", search.parse("غزة"))
    assert "\u202e" not in text and "<mark>غزة</mark>" in text


def test_the_admin_search_takes_any_digits(client_for, editor):
    for term in ("²", "١٢", "12", "0"):
        assert client_for(editor).get("/admin/articles/article/", {"q": term}).status_code == 200


def test_entities_in_the_body_are_read_as_the_characters_they_stand_for():
    story = _story(body="الأرباح &amp; الخسائر &quot;الفصلية&quot;&nbsp;للشركة")
    assert _ranked("amp") == [] and _ranked("quot") == [] and _ranked("nbsp") == []
    assert _ranked('"الأرباح الخسائر"') == [story]
