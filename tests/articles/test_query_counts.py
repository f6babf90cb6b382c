"""Every public page, drawn without the page cache, makes at most 6 queries, and exactly the
same number with 1 and with 60 stories, tags, authors and comments: the chrome (menu, footer,
breaking strip) comes from the shared cache, lists load only what they show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    PageFactory,
    SectionFactory,
    TagFactory,
)


@pytest.fixture
def world(db, settings):
    settings.COMMENTS_PER_PAGE = 5
    section = SectionFactory(slug="local")
    tag = TagFactory(slug="kuwait")
    author = AuthorFactory(slug="fatima")
    image = ImageFactory()
    PageFactory(slug="about", is_in_footer=True)
    main = ArticleFactory(
        published=True,
        published_at=timezone.now() - timedelta(minutes=5),
        section=section,
        tags=[tag],
        authors=[author],
        lead_image=image,
        is_featured=True,  # a front page has its lead story from the start
        is_breaking=True,
    )
    for _ in range(6):  # two pages of conversations
        CommentFactory(article=main)
    return {"section": section, "tag": tag, "author": author, "image": image, "main": main}


def _grow(world, n):
    main = world["main"]
    main.tags.add(*(TagFactory() for _ in range(n)))
    main.authors.add(*(AuthorFactory() for _ in range(n)))
    for _ in range(n):
        story = ArticleFactory(
            published=True,
            published_at=main.published_at,
            section=world["section"],
            tags=[world["tag"], TagFactory()],
            authors=[world["author"], AuthorFactory()],
            lead_image=world["image"],
            is_featured=True,
            is_breaking=True,
        )
        first = CommentFactory(article=main)
        CommentFactory(article=main, parent=first, depth=2)
        CommentFactory(article=story)


def _pages(world):
    main, today = world["main"], timezone.localdate(world["main"].published_at)
    day = f"/archive/{today:%Y}/{today:%m}/{today:%d}/"
    return {
        "home": ("/", 6),  # lead and featured, latest, sections' bounds, their newest, most read
        "article": (main.get_absolute_url(), 5),  # + tags, authors, related, comments
        "comments page 2": (f"{main.get_absolute_url()}comments/2/", 2),
        "section": ("/section/local/", 4),  # the section, count, page, its authors
        "tag": ("/tag/kuwait/", 4),
        "author": ("/author/fatima/", 4),
        "year archive": (f"/archive/{today:%Y}/", 4),  # + months with stories
        "month archive": (f"/archive/{today:%Y}/{today:%m}/", 6),  # + days, previous, next
        "day archive": (day, 5),
        "search": ("/search/?q=%D8%AE%D8%A8%D8%B1", 3),  # results, their stories, sections
        "about page": ("/page/about/", 1),
        "rss": ("/feed/", 2),
        "atom (en)": ("/en/feed/atom/", 2),
        "sitemap index": ("/sitemap.xml", 6),
        "sitemap of stories": ("/sitemap-articles.xml", 2),  # count (for its pages), list
        "news sitemap": ("/sitemap-news.xml", 1),
    }


def test_every_public_page_makes_the_same_few_queries_at_any_size(
    client, world, django_assert_num_queries
):
    pages = _pages(world)
    for name, (url, _count) in pages.items():
        assert client.get(url).status_code == 200, name  # the chrome and most read are cached
    _grow(world, 1)
    for name, (url, count) in pages.items():
        assert count <= 6, name
        with django_assert_num_queries(count, info=f"{name}, small"):
            assert client.get(url).status_code == 200
    _grow(world, 59)
    assert Comment.objects.filter(article=world["main"]).count() == 6 + 2 * 60
    for name, (url, count) in pages.items():
        with django_assert_num_queries(count, info=f"{name}, large"):
            response = client.get(url)
        assert response.status_code == 200
    article = client.get(world["main"].get_absolute_url()).text
    assert article.count('class="comment comment--depth') == 2 * 5  # the newest 5 conversations
    assert article.count('class="breaking__list"') == 1 and article.count("<li><a href") > 3


def test_a_story_reads_its_change_notes_once_it_has_some(client, world, django_assert_num_queries):
    from articles.models import ChangeNote

    main = world["main"]
    client.get(main.get_absolute_url())  # the chrome and most read are cached
    with django_assert_num_queries(5):
        assert 'class="change-notes"' not in client.get(main.get_absolute_url()).text
    ChangeNote.objects.create(article=main, kind=ChangeNote.Kind.CORRECTION, note="صُحّح الرقم")
    with django_assert_num_queries(6):
        page = client.get(main.get_absolute_url()).text
    assert 'class="change-notes"' in page and "صُحّح الرقم" in page


def test_postgresql_plans_a_pages_queries_once_per_connection(client, world):
    """Prepared statements (DATABASE_PREPARED_STATEMENTS): after a page's second drawing, its
    queries run from plans PostgreSQL keeps for the connection."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements (the embedded SQLite has none)")
    for _ in range(3):
        assert client.get(world["main"].get_absolute_url()).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "related_relatedstory"' in statement for statement in prepared)
    assert any('FROM "comments_comment"' in statement for statement in prepared)
