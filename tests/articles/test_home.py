"""The front page and most read: lead, featured, latest per section, breaking strip; views
counted in the cache, flushed in batches, bots ignored."""

from datetime import timedelta

from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from articles.models import ArticleViews
from articles.most_read import most_read
from tests.articles.test_caching import read
from tests.factories import ArticleFactory, SectionFactory


def test_front_page_shows_lead_featured_latest_and_sections(db, client):
    local, sports = SectionFactory(name_ar="محليات"), SectionFactory(name_ar="رياضة")
    lead = ArticleFactory(published=True, is_featured=True, headline_ar="الخبر الرئيسي")
    ArticleFactory(published=True, is_featured=True, headline_ar="خبر مميز", section=sports)
    for n in range(6):
        ArticleFactory(published=True, section=local, headline_ar=f"محلي {n}")
    page = client.get("/").text
    assert 'class="lead-story"' in page and lead.headline in page.split("lead-story")[1][:600]
    assert "خبر مميز" in page
    assert "محليات" in page and "رياضة" in page
    local_block = page[page.index(">محليات<") :]
    assert local_block.count('class="card"') >= 4
    assert "منذ" in page  # relative times in the latest list


def test_breaking_strip_on_every_page_while_fresh(db, client):
    ArticleFactory(published=True, is_breaking=True, headline_ar="عاجل: زلزال")
    ArticleFactory(
        published=True,
        is_breaking=True,
        headline_ar="عاجل قديم",
        published_at=timezone.now() - timedelta(hours=30),
    )
    page = client.get("/").text
    assert 'class="breaking"' in page and "عاجل: زلزال" in page
    assert "عاجل قديم" not in page.split('class="breaking"')[1].split("</div>")[0]


def test_the_chromes_drawing_is_kept_per_language_and_goes_with_its_keys(
    db, client, editor, django_capture_on_commit_callbacks
):
    """The menu, footer and breaking strip are drawn once per language and kept in the
    shared cache: a renamed section and a withdrawn breaking story leave every page's chrome
    at once, in both languages."""
    from articles import publishing

    section = SectionFactory(name_ar="محليات", name_en="Local", is_in_menu=True)
    story = ArticleFactory(
        published=True, is_breaking=True, headline_ar="عاجل: زلزال", headline_en="Quake"
    )
    other = ArticleFactory(published=True, headline_en="Other")
    arabic, english = other.get_absolute_url(), "/en" + other.get_absolute_url()

    def menus(address):
        page = client.get(address).text
        header = page.split('class="wrap section-nav"')[1].split("</nav>")[0]
        footer = page.split('class="site-footer__links"')[1].split("</ul>")[0]
        strip = page.split("</header>")[0].split('class="site-header"')[1]
        return header, footer, strip

    header, footer, strip = menus(arabic)
    assert ">محليات<" in header and ">محليات<" in footer and "عاجل: زلزال" in strip
    drawn = {template.name for template in client.get(story.get_absolute_url()).templates}
    assert "articles/article_detail.html" in drawn and "includes/chrome/menu.html" not in drawn
    header, footer, strip = menus(english)
    assert ">Local<" in header and ">Local<" in footer and "Quake" in strip
    with django_capture_on_commit_callbacks(execute=True):
        section.name_ar, section.name_en = "محليات جديدة", "Local news"
        section.save()
        publishing.unpublish(story, by=editor)
    header, footer, strip = menus(arabic)
    assert ">محليات جديدة<" in header and ">محليات جديدة<" in footer
    assert "عاجل: زلزال" not in strip and 'class="breaking"' not in strip
    header, footer, strip = menus(english)
    assert ">Local news<" in header and ">Local news<" in footer and "Quake" not in strip


def test_views_are_counted_in_the_cache_not_the_database(db, client):
    article = ArticleFactory(published=True)
    read(client, article, "")
    for user_agent in ("Mozilla/5.0", "Mozilla/5.0", "Googlebot/2.1", "curl/8.0"):
        read(client, article, user_agent)
    assert ArticleViews.objects.count() == 0  # nothing written on a page view
    call_command("flush_view_counts")
    row = ArticleViews.objects.get()
    assert row.count == 3  # the first request plus two browsers; the bots are not counted
    call_command("flush_view_counts")
    assert ArticleViews.objects.get().count == 3  # flushed counters are not counted twice


def test_most_read_box_sums_the_last_24_hours(db, client):
    popular, quiet, old = (ArticleFactory(published=True) for _ in range(3))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    ArticleViews.objects.create(article=popular, hour=now, count=50)
    ArticleViews.objects.create(article=quiet, hour=now - timedelta(hours=2), count=5)
    ArticleViews.objects.create(article=old, hour=now - timedelta(hours=30), count=500)
    cache.clear()
    assert [a.pk for a in most_read()] == [popular.pk, quiet.pk]
    page = client.get("/").text
    box = page[page.index('id="most-read-title"') :]
    assert box.index(popular.headline) < box.index(quiet.headline)
