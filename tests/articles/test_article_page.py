"""The article page's anatomy: dates in both calendars, updates, meta for sharing and search,
alternate languages only where a translation exists."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import timezone, translation

from articles.models import ChangeNote
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

KUWAIT = ZoneInfo("Asia/Kuwait")


def test_dates_in_gregorian_and_hijri_in_kuwait_time(db, client):
    when = datetime(2026, 11, 25, 14, 30, tzinfo=KUWAIT)
    article = ArticleFactory(published=True, published_at=when, headline_en="A story")
    page = client.get(article.get_absolute_url()).text
    assert "الأربعاء 25 نوفمبر 2026، 14:30" in page
    assert "15 جمادى الآخرة 1448 هـ" in page
    english = client.get("/en" + article.get_absolute_url()).text
    assert "Wednesday 25 November 2026, 14:30" in english
    assert "15 Jumada al-Akhirah 1448 AH" in english or "1448" in english


def test_relative_times_use_arabic_plurals_and_western_digits(db):
    template = Template("{% load article_tags %}{{ when|ago }}")
    now = timezone.now()
    with translation.override("ar"):
        assert template.render(Context({"when": now - timedelta(minutes=5)})) == "منذ 5 دقائق"
        assert template.render(Context({"when": now - timedelta(hours=1)})) == "منذ ساعة"
    with translation.override("en"):
        assert template.render(Context({"when": now - timedelta(minutes=5)})) == "5 minutes ago"


def test_update_label_near_the_dates_and_the_log(db, client):
    article = ArticleFactory(published=True)
    ChangeNote.objects.create(article=article, kind="update", note_ar="أضيفت أرقام جديدة")
    ChangeNote.objects.create(article=article, kind="correction", note_ar="صُحّح الاسم")
    page = client.get(article.get_absolute_url()).text
    dates = page[page.index('class="dates"') : page.index("</p>", page.index('class="dates"'))]
    assert "تصحيح" in dates
    assert "أضيفت أرقام جديدة" in page and "صُحّح الاسم" in page
    data = _json_ld(page)
    assert data["dateModified"] != data["datePublished"]


def test_meta_open_graph_and_json_ld(db, client):
    author = AuthorFactory(name_ar="فاطمة العلي")
    article = ArticleFactory(
        published=True,
        headline_ar="عنوان <الخبر> & تفاصيله",
        standfirst_ar="ملخص قصير",
        lead_image=ImageFactory(),
        authors=[author],
    )
    page = client.get(article.get_absolute_url()).text
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in page
    assert '<meta name="description" content="ملخص قصير">' in page
    assert '<meta property="og:title" content="عنوان &lt;الخبر&gt; &amp; تفاصيله">' in page
    assert '<meta property="og:image" content="http://testserver/media/' in page
    assert 'name="twitter:card" content="summary_large_image"' in page
    data = _json_ld(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "عنوان <الخبر> & تفاصيله"
    assert data["author"][0]["name"] == "فاطمة العلي"
    assert data["image"][0].startswith("http://testserver/media/")
    assert {"datePublished", "dateModified", "publisher", "articleSection"} <= set(data)
    assert "<الخبر>" not in page.split('type="application/ld+json">')[1].split("</script>")[0]


def test_language_switch_and_hreflang_only_where_translated(db, client):
    translated = ArticleFactory(published=True, headline_en="A translated story")
    arabic_only = ArticleFactory(published=True)
    page = client.get(translated.get_absolute_url()).text
    assert 'hreflang="en" href="http://testserver/en/article/' in page
    assert re.search(r'<a href="http://testserver/en/article/[^"]+" lang="en"', page)
    only = client.get(arabic_only.get_absolute_url()).text
    assert 'hreflang="en"' not in only
    assert 'lang="en" hreflang="en"' not in only
    english = client.get("/en" + translated.get_absolute_url()).text
    assert 'lang="en" dir="ltr"' in english and "A translated story" in english
    assert re.search(r'<a href="http://testserver/article/[^"]+" lang="ar"', english)


def _json_ld(page):
    raw = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    return json.loads(raw)


def test_untranslated_story_has_no_english_page(db, client):
    article = ArticleFactory(published=True)
    arabic = article.get_absolute_url()
    response = client.get("/en" + arabic)
    assert response.status_code == 302 and response["Location"] == arabic


def test_headline_without_letters_does_not_loop(db, client):
    article = ArticleFactory(published=True, headline_ar="؟!! 🎉")
    assert article.slug == ""
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_correction_added_in_the_admin_is_shown_to_readers(client, client_for, editor):
    from django.urls import reverse

    from tests.factories import article_form_data

    story = ArticleFactory(published=True)
    assert 'class="change-notes"' not in client.get(story.get_absolute_url()).text
    now = timezone.localtime()
    data = article_form_data(story)
    data.update({
        "change_notes-TOTAL_FORMS": "1",
        "change_notes-0-kind": ChangeNote.Kind.CORRECTION,
        "change_notes-0-note_ar": "صُحّح اسم الوزير",
        "change_notes-0-created_at_0": now.strftime("%Y-%m-%d"),
        "change_notes-0-created_at_1": now.strftime("%H:%M:%S"),
    })  # fmt: skip
    change = reverse("admin:articles_article_change", args=[story.pk])
    assert client_for(editor).post(change, data).status_code == 302
    page = client.get(story.get_absolute_url()).text
    assert 'class="change-notes"' in page and "صُحّح اسم الوزير" in page
