"""Each public page makes the same small number of queries with 1 and with 50 items."""

import pytest

from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)


@pytest.fixture
def world(db):
    section = SectionFactory(slug="local")
    tag = TagFactory(slug="kuwait")
    author = AuthorFactory(slug="fatima")
    image = ImageFactory()
    main = ArticleFactory(
        published=True,
        section=section,
        tags=[tag],
        authors=[author],
        lead_image=image,
        is_featured=True,  # a front page has its lead story from the start
    )
    return {"section": section, "tag": tag, "author": author, "image": image, "main": main}


def _grow(world, n):
    for _ in range(n):
        ArticleFactory(
            published=True,
            section=world["section"],
            tags=[world["tag"], TagFactory()],
            authors=[world["author"]],
            lead_image=world["image"],
            is_featured=True,
        )
        CommentFactory(article=world["main"])


PAGES = ["/", "/section/local/", "/tag/kuwait/", "/author/fatima/", "/feed/", "/en/feed/atom/"]


@pytest.mark.parametrize("url", PAGES)
def test_list_pages_do_not_grow_with_items(client, world, url, django_assert_max_num_queries):
    client.get(url)  # warm caches that are meant to be warm (most read)
    with django_assert_max_num_queries(15) as one:
        assert client.get(url).status_code == 200
    _grow(world, 49)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_article_page_does_not_grow_with_tags_authors_or_comments(
    client, world, django_assert_max_num_queries
):
    url = world["main"].get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    main = world["main"]
    main.tags.add(*(TagFactory() for _ in range(49)))
    main.authors.add(*(AuthorFactory() for _ in range(49)))
    _grow(world, 49)
    assert Comment.objects.filter(article=main).count() == 49
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert page.text.count('class="comment comment--depth') == 49
