"""Many readers posting at once (PostgreSQL): each comment stored exactly once, and the same
text sent in parallel stored once only."""

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from comments.models import Comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _post(url, fields, results):
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        results.append(opener.open(request, timeout=30).status)
    except urllib.error.HTTPError as error:
        results.append(error.code)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _in_parallel(url, payloads):
    results = []
    threads = [threading.Thread(target=_post, args=(url, p, results)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def comment_url(live_server, settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (SQLite serialises writers)")
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = ArticleFactory(published=True)
    return article, f"{live_server.url}/article/{article.pk}/comment/"


def test_parallel_comments_are_each_stored_once(comment_url):
    article, url = comment_url
    payloads = [
        {"name": f"قارئ {n}", "email": f"r{n}@example.com", "text": f"تعليق مستقل رقم {n}"}
        for n in range(40)
    ]
    results = _in_parallel(url, payloads)
    assert results.count(302) == 40, results
    texts = list(Comment.objects.filter(article=article).values_list("text", flat=True))
    assert sorted(texts) == sorted(p["text"] for p in payloads)


def test_the_same_comment_sent_in_parallel_is_stored_once(comment_url):
    article, url = comment_url
    payloads = [
        {"name": "قارئ", "email": "same@example.com", "text": "نفس التعليق تماماً"}
        for _ in range(20)
    ]
    results = _in_parallel(url, payloads)
    assert Comment.objects.filter(article=article).count() == 1
    assert results.count(302) == 1
    assert set(results) <= {302, 400, 409}
