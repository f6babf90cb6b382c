import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory


@pytest.fixture
def article(db):
    return ArticleFactory(published=True, headline_ar="خبر للتعليق")


@pytest.fixture
def post(client, db):
    """POST the comment form for `article` as a browser on this site would."""

    def send(article, follow=False, ip="203.0.113.5", **fields):
        data = {
            "name": "سالم",
            "email": "salem@example.com",
            "url": "",
            "text": "تعليق مفيد على الخبر",
            "website_confirm": "",
            **fields,
        }
        cache.clear()  # each post starts outside the flood window unless a test says otherwise
        return client.post(
            f"/article/{article.pk}/comment/",
            data,
            follow=follow,
            HTTP_ORIGIN="http://testserver",
            REMOTE_ADDR=ip,
        )

    return send
