"""Feeds, sitemaps and robots.txt parse and list what readers may see, in their language."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone, translation

from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, TagFactory

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_rss_feed_lists_live_stories_with_excerpt_and_image(db, client):
    ArticleFactory(
        published=True,
        headline_ar="خبر منشور",
        standfirst_ar="ملخص الخبر المنشور",
        lead_image=ImageFactory(),
    )
    ArticleFactory(headline_ar="مسودة سرية")
    ArticleFactory(scheduled=True, headline_ar="خبر الغد")
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "ar"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["خبر منشور"]
    assert items[0].findtext("description") == "ملخص الخبر المنشور"
    assert items[0].find("enclosure").get("url").startswith("http://testserver/media/")


def test_a_story_without_a_standfirst_is_described_by_its_body_with_words_apart(db, client):
    ArticleFactory(published=True, standfirst_ar="", body_ar="<h2>تفاصيل</h2><p>وأوضح الوزير</p>")
    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    assert item.findtext("description") == "تفاصيل وأوضح الوزير"


def test_english_atom_feed_uses_english_titles(db, client):
    ArticleFactory(published=True, headline_ar="خبر", headline_en="A story")
    root = ET.fromstring(client.get("/en/feed/atom/").content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["A story"]


def test_section_and_tag_feeds_are_filtered(db, client):
    sports = SectionFactory(slug="sports", name_ar="رياضة")
    tag = TagFactory(slug="oil")
    ArticleFactory(published=True, section=sports, headline_ar="هدف")
    ArticleFactory(published=True, headline_ar="نفط", tags=[tag])
    section_items = ET.fromstring(client.get("/section/sports/feed/").content).iter("item")
    assert [i.findtext("title") for i in section_items] == ["هدف"]
    tag_feed = ET.fromstring(client.get("/tag/oil/feed/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in tag_feed.findall(f"{ATOM}entry")] == ["نفط"]
    assert client.get("/section/nothing/feed/").status_code == 404


@pytest.mark.parametrize(
    ("address", "feeds"),
    [
        ("/section/sports/", {"/feed/", "/section/sports/feed/"}),
        ("/en/tag/oil/", {"/en/feed/", "/en/tag/oil/feed/"}),
    ],
)
def test_a_section_or_tag_page_names_its_own_feed_for_feed_readers(db, client, address, feeds):
    SectionFactory(slug="sports", name_ar="رياضة")
    TagFactory(slug="oil", name_ar="نفط", name_en="Oil")
    html = client.get(address).text
    links = re.findall(r'<link rel="alternate" type="application/rss.xml"[^>]*href="([^"]+)"', html)
    assert set(links) == feeds and len(links) == 2
    assert all(client.get(feed).status_code == 200 for feed in feeds)


def test_sitemaps_list_live_stories_and_english_translations(db, client):
    live = ArticleFactory(published=True, headline_en="Translated")
    ArticleFactory(published=True)
    ArticleFactory(headline_ar="مسودة")
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-articles.xml" in locations
    urls = ET.fromstring(client.get("/sitemap-articles.xml").content)
    assert len(urls.findall(f"{SITEMAP}url")) == 2
    english = ET.fromstring(client.get("/sitemap-articles-en.xml").content)
    with translation.override("en"):
        expected = "http://testserver" + live.get_absolute_url()
    assert expected.startswith("http://testserver/en/article/")
    assert [u.findtext(f"{SITEMAP}loc") for u in english.findall(f"{SITEMAP}url")] == [expected]


def test_google_news_sitemap_has_the_last_48_hours(db, client):
    ArticleFactory(published=True, headline_ar="خبر اليوم")
    ArticleFactory(
        published=True, headline_ar="خبر قديم", published_at=timezone.now() - timedelta(days=3)
    )
    root = ET.fromstring(client.get("/sitemap-news.xml").content)
    titles = [t.text for t in root.iter(f"{NEWS}title")]
    assert titles == ["خبر اليوم"]


def test_robots_txt_points_at_the_sitemaps_and_hides_previews(db, client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text
    assert "Disallow: /preview/" in text and "Disallow: /admin/" in text


def test_the_stories_sitemap_pages_say_what_djangos_own_view_says(db, rf):
    """The stories' pages are written from their rows (fast at 50,000 addresses): the same
    addresses and dates as Django's sitemap view, Arabic slugs and corrections included."""
    from django.contrib.sitemaps import views as sitemap_views

    from articles.sitemaps import SITEMAPS, sitemap_page

    corrected = ArticleFactory(
        published=True,
        headline_ar="خبر مصحح",
        headline_en="Fixed",
        published_at=timezone.now() - timedelta(days=3),
    )  # its sitemap date is its correction's, not its publication's
    Article.objects.filter(pk=corrected.pk).update(updated_at=timezone.now())
    odd = ArticleFactory(published=True, headline_en="Odd")
    Article.objects.filter(pk=odd.pk).update(slug="a&b")  # past the slug rules, still valid XML
    ArticleFactory(published=True, slug="")
    ArticleFactory(published=True, headline_en="English too")
    for section in ("articles", "articles-en"):
        ours = ET.fromstring(sitemap_page(rf.get(f"/sitemap-{section}.xml"), section).content)
        theirs = sitemap_views.sitemap(
            rf.get(f"/sitemap-{section}.xml"), sitemaps=SITEMAPS, section=section
        )
        theirs.render()
        theirs = ET.fromstring(theirs.content)

        def urls(root):
            return [
                (u.findtext(f"{SITEMAP}loc"), u.findtext(f"{SITEMAP}lastmod"))
                for u in root.iter(f"{SITEMAP}url")
            ]

        assert urls(ours) == urls(theirs) and urls(ours), section
    assert sitemap_page(rf.get("/sitemap-articles.xml?p=1"), "articles").status_code == 200
    for page in ("2", "x"):
        with pytest.raises(Http404):
            sitemap_page(rf.get(f"/sitemap-articles.xml?p={page}"), "articles")


def test_the_stories_sitemap_pages_after_the_first_start_where_djangos_do(db, rf, monkeypatch):
    """A later page starts from its first story rather than skipping the stories before it:
    the same addresses, page by page, as Django's own view, with stories published in the
    same second straddling a page's edge."""
    from django.contrib.sitemaps import views as sitemap_views

    from articles.sitemaps import SITEMAPS, ArticleSitemap, sitemap_page

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    moment = timezone.now() - timedelta(hours=1)
    for n in range(5):
        ArticleFactory(published=True, published_at=moment - timedelta(minutes=n // 3))

    def urls(response):
        if hasattr(response, "render"):
            response.render()
        return [
            u.findtext(f"{SITEMAP}loc")
            for u in ET.fromstring(response.content).iter(f"{SITEMAP}url")
        ]

    pages = []
    for page in ("1", "2", "3"):
        request = rf.get(f"/sitemap-articles.xml?p={page}")
        ours = urls(sitemap_page(request, "articles"))
        theirs = urls(sitemap_views.sitemap(request, sitemaps=SITEMAPS, section="articles"))
        assert ours == theirs, page
        pages += ours
    assert len(pages) == len(set(pages)) == 5
    with pytest.raises(Http404):
        sitemap_page(rf.get("/sitemap-articles.xml?p=4"), "articles")
