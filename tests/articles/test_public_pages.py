"""Archives, standing pages and branded error pages, in Arabic and English."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from articles.models import Page
from tests.factories import ArticleFactory, SectionFactory

KUWAIT = ZoneInfo("Asia/Kuwait")


@pytest.fixture
def dated(db):
    stories = {}
    for day in (3, 4, 4):
        when = datetime(2026, 3, day, 10, 0, tzinfo=KUWAIT)
        stories.setdefault(day, []).append(
            ArticleFactory(published=True, published_at=when, headline_ar=f"خبر يوم {day}")
        )
    ArticleFactory(published=True, published_at=datetime(2025, 12, 31, 23, 0, tzinfo=KUWAIT))
    return stories


def test_year_month_and_day_archives(client, dated):
    year = client.get("/archive/2026/")
    assert year.status_code == 200 and year.text.count('class="card"') == 3
    month = client.get("/archive/2026/03/")
    assert month.text.count('class="card"') == 3 and "مارس 2026" in month.text
    day = client.get("/archive/2026/03/04/")
    assert day.text.count('class="card"') == 2
    assert 'href="/archive/2026/03/03/" rel="prev"' in day.text
    assert "/archive/2026/03/05/" not in day.text  # no stories that day: no link
    assert client.get("/archive/2026/03/05/").status_code == 404
    english = client.get("/en/archive/2026/03/")
    assert "March 2026" in english.text and 'lang="en"' in english.text


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("/archive/2026/3/", "/archive/2026/03/"),
        ("/archive/2026/3/4/", "/archive/2026/03/04/"),
        ("/archive/2026/003/04/?page=1", "/archive/2026/03/04/?page=1"),
        ("/en/archive/02026/03/", "/en/archive/2026/03/"),
    ],
)
def test_other_spellings_of_an_archive_redirect_to_its_one_address(
    client, dated, spelling, canonical
):
    response = client.get(spelling)
    assert response.status_code == 301 and response.url == canonical
    assert client.get(canonical).status_code == 200
    assert client.get("/archive/2026/3/5/").status_code == 301  # then 404: no stories that day


def test_archives_are_paginated(client, db):
    for hour in range(25):
        ArticleFactory(published=True, published_at=datetime(2026, 2, 1, hour % 24, tzinfo=KUWAIT))
    first = client.get("/archive/2026/02/")
    assert first.text.count('class="card"') == 20 and 'rel="next"' in first.text
    assert client.get("/archive/2026/02/", {"page": 2}).text.count('class="card"') == 5


def test_standing_pages_in_both_languages_and_in_the_footer(client, db):
    Page.objects.create(slug="about", title_ar="من نحن", title_en="About us", body_ar="<p>نحن</p>")
    assert "من نحن" in client.get("/page/about/").text
    assert "About us" in client.get("/en/page/about/").text
    assert 'href="/page/about/"' in client.get("/").text


def test_page_body_is_sanitised(db):
    page = Page.objects.create(slug="x", title_ar="س", body_ar="<p onclick='x()'>نص</p><script>")
    assert Page.objects.get(pk=page.pk).body_ar == "<p>نص</p>"


def test_branded_404_in_the_readers_language(client, db):
    arabic = client.get("/article/999999/")
    assert arabic.status_code == 404
    assert "الصفحة غير موجودة" in arabic.text and 'dir="rtl"' in arabic.text
    english = client.get("/en/article/999999/")
    assert "Page not found" in english.text and 'dir="ltr"' in english.text


def test_branded_500_needs_no_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("ar"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "حدث خطأ" in response.content.decode()


def test_archive_years_outside_the_calendar_are_404(client, db):
    for url in ("/archive/9999/12/31/", "/archive/0/", "/archive/1800/1/"):
        assert client.get(url).status_code == 404


def test_nul_bytes_in_addresses_are_refused_cleanly(client, db):
    assert client.get("/section/%00/").status_code == 404
    assert client.get("/search/", {"q": "\x00نفط"}).status_code == 200


def test_long_lists_page_with_newer_and_older_links(client, db):
    section = SectionFactory(slug="long", name_ar="طويل")
    for n in range(23):
        ArticleFactory(published=True, section=section, headline_ar=f"قصة رقم {n}")
    first = client.get("/section/long/").text
    assert '<a href="?page=2" rel="next">الأقدم</a>' in first and 'rel="prev"' not in first
    assert "الصفحة 1 من 2" in first
    second = client.get("/section/long/", {"page": 2}).text
    assert '<a href="?page=1" rel="prev">الأحدث</a>' in second and 'rel="next"' not in second
    assert second.count('class="card"') == 3


def test_an_english_listing_marks_a_story_without_english_as_arabic(client, db):
    section = SectionFactory(slug="local", name_ar="محليات", name_en="Local")
    ArticleFactory(published=True, section=section, headline_ar="خبر بالعربية فقط")
    ArticleFactory(published=True, section=section, headline_ar="خبر", headline_en="A story")
    cards = re.findall(r"<article class=\"card\"([^>]*)>.*?<a [^>]*>([^<]*)</a>",
                       client.get("/en/section/local/").text, re.DOTALL)  # fmt: skip
    assert sorted(cards) == [("", "A story"), (' lang="ar" dir="rtl"', "خبر بالعربية فقط")]
    arabic = client.get("/section/local/").text
    assert 'lang="ar" dir="rtl"' not in arabic.split("<main", 1)[1]  # the page is Arabic already
