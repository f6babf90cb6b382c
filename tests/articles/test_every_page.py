"""Every public page answers in both languages with the right direction."""

import pytest

from articles.models import Page
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory


@pytest.fixture
def article(db):
    Page.objects.create(slug="about", title_ar="من نحن", title_en="About us")
    return ArticleFactory(
        published=True,
        section=SectionFactory(slug="local"),
        tags=[TagFactory(slug="kuwait")],
        authors=[AuthorFactory(slug="fatima", bio_ar="محررة")],
        headline_en="English headline",
    )


PATHS = [
    "/",
    "/section/local/",
    "/tag/kuwait/",
    "/author/fatima/",
    "{archive}",
    "/search/?q=خبر",
    "/page/about/",
    "{article}",
    "/feed/",
    "/feed/atom/",
    "/section/local/feed/",
    "/tag/kuwait/feed/atom/",
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_page_answers_in_both_languages(client, article, path, language):
    url = path.format(
        article=article.get_absolute_url(), archive=f"/archive/{article.published_at:%Y}/"
    )
    response = client.get(("/en" if language == "en" else "") + url)
    assert response.status_code == 200
    body = response.content.decode()
    if "feed" in url:
        assert f">{language}<" in body or f'xml:lang="{language}"' in body
    else:
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in body
