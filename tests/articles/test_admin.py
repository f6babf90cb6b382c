"""The newsroom admin: list, filters, search, autocomplete, start page, speed in queries."""

from django.db import connection
from django.urls import reverse

from articles import publishing
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

CHANGELIST = reverse("admin:articles_article_changelist")


def test_list_shows_the_newsroom_columns(client_for, editor):
    author = AuthorFactory(name_ar="فاطمة العلي")
    ArticleFactory(published=True, headline_ar="خبر منشور", authors=[author])
    page = client_for(editor).get("/en" + CHANGELIST)
    for heading in ("Headline", "Section", "Status", "Publication time", "Authors"):
        assert heading in page.text
    assert "خبر منشور" in page.text and "فاطمة العلي" in page.text


def test_list_is_in_arabic_and_rtl_at_the_default_address(client_for, editor):
    page = client_for(editor).get(CHANGELIST)
    assert 'lang="ar" dir="rtl"' in page.text


def test_search_finds_arabic_and_english_headlines(client_for, editor):
    ArticleFactory(headline_ar="أسعار النفط ترتفع", headline_en="Oil prices rise")
    ArticleFactory(headline_ar="مباراة الكويت")
    client = client_for(editor)
    assert "أسعار النفط" in client.get(CHANGELIST, {"q": "النفط"}).text
    english = client.get(CHANGELIST, {"q": "Oil"}).text
    assert "أسعار النفط" in english and "مباراة الكويت" not in english


def test_filters_by_status_section_and_outdated_translation(client_for, editor):
    sports = SectionFactory(name_ar="رياضة")
    ArticleFactory(section=sports, published=True, headline_ar="هدف")
    outdated = ArticleFactory(headline_ar="قديم", headline_en="Old")
    outdated = Article.objects.get(pk=outdated.pk)
    outdated.headline_ar = "جديد"
    outdated.save()
    client = client_for(editor)
    assert "هدف" in client.get(CHANGELIST, {"status__exact": "published"}).text
    assert "هدف" not in client.get(CHANGELIST, {"status__exact": "draft"}).text
    assert "هدف" in client.get(CHANGELIST, {"section__id__exact": sports.pk}).text
    page = client.get(CHANGELIST, {"translation": "outdated"}).text
    assert "جديد" in page and "هدف" not in page


def test_outdated_english_field_is_flagged_in_the_form(client_for, editor):
    article = ArticleFactory(headline_ar="قديم", headline_en="Old")
    article = Article.objects.get(pk=article.pk)
    article.headline_ar = "جديد"
    article.save()
    page = client_for(editor).get(
        "/en" + reverse("admin:articles_article_change", args=[article.pk])
    )
    assert "outdated translation" in page.text
    assert "The English translation is outdated for: headline." in page.text


def test_list_queries_do_not_grow_with_the_number_of_articles(
    client_for, editor, django_assert_max_num_queries
):
    client = client_for(editor)
    ArticleFactory(published=True, authors=[AuthorFactory()])
    # PostgreSQL first reads the table's estimated size (an exact COUNT only below 10,000 rows).
    with django_assert_max_num_queries(13 + (connection.vendor == "postgresql")) as one:
        client.get(CHANGELIST)
    for _ in range(49):
        ArticleFactory(published=True, authors=[AuthorFactory()])
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(CHANGELIST)
    assert page.text.count('class="action-select"') == 50


def test_tag_author_and_image_autocomplete(client_for, editor):
    TagFactory(name_ar="الكويت", slug="kuwait")
    AuthorFactory(name_ar="أحمد الصالح")
    client = client_for(editor)
    url = reverse("admin:autocomplete")
    base = {"app_label": "articles", "model_name": "article"}
    tags = client.get(url, {**base, "field_name": "tags", "term": "الكو"}).json()
    assert [r["text"] for r in tags["results"]] == ["الكويت"]
    authors = client.get(url, {**base, "field_name": "authors", "term": "أحمد"}).json()
    assert [r["text"] for r in authors["results"]] == ["أحمد الصالح"]


def test_writer_sees_only_their_own_articles(client_for, writer, other_writer):
    ArticleFactory(created_by=writer, headline_ar="خبري")
    ArticleFactory(created_by=other_writer, headline_ar="خبر زميل")
    page = client_for(writer).get(CHANGELIST).text
    assert "خبري" in page and "خبر زميل" not in page


def test_start_page_lists_drafts_review_and_schedule(client_for, editor, writer):
    ArticleFactory(created_by=editor, headline_ar="مسودتي")
    ArticleFactory(created_by=writer, review=True, headline_ar="بانتظار المراجعة")
    ArticleFactory(created_by=writer, scheduled=True, headline_ar="مجدول غداً")
    ArticleFactory(created_by=writer, published=True, headline_ar="منشور")
    page = client_for(editor).get("/en" + reverse("admin:index")).text
    assert "My drafts" in page and "مسودتي" in page
    assert "Awaiting review" in page and "بانتظار المراجعة" in page
    assert "Scheduled next" in page and "مجدول غداً" in page
    assert "منشور" not in page


def test_admin_can_be_switched_to_english(client_for, editor):
    client = client_for(editor)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": CHANGELIST}, follow=False
    )
    assert response["Location"] == "/en" + CHANGELIST
    assert 'lang="en" dir="ltr"' in client.get(response["Location"]).text


def test_editor_publishes_from_the_form(client_for, editor):
    from tests.factories import article_form_data

    article = ArticleFactory(review=True)
    client_for(editor).post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, status="published"),
    )
    article.refresh_from_db()
    assert article.is_live
    assert publishing.can_edit(editor, article)


def test_date_hierarchy_drills_down_from_years_to_months(client_for, editor):
    from datetime import datetime

    from django.utils import timezone

    for year, month in ((2024, 3), (2026, 5)):
        when = timezone.make_aware(datetime(year, month, 10, 12))
        ArticleFactory(status="published", published_at=when)
    client = client_for(editor)
    years = client.get("/en" + CHANGELIST).text
    for year in ("2024", "2025", "2026"):
        assert f"published_at__year={year}" in years
    months = client.get("/en" + CHANGELIST, {"published_at__year": "2026"}).text
    assert "published_at__month=5" in months
    assert "published_at__month=4" not in months
