"""Pages of comments: the article page draws the newest conversations, older ones are on
numbered pages at their own addresses (plain links, rel prev/next), a conversation is never
cut in two, a reply or an approval lands on the right page, and every page is cached and
purged with the story's key."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from comments import moderation
from comments.models import Comment
from tests.factories import CommentFactory

Status = Comment.Status


@pytest.fixture
def conversations(article, settings):
    """12 conversations of a first comment and a reply, five to a page: 5, 5 and 2."""
    settings.COMMENTS_PER_PAGE = 5
    firsts = []
    for n in range(12):
        first = CommentFactory(article=article, text=f"بداية الحوار {n}")
        CommentFactory(article=article, parent=first, depth=2, text=f"رد في الحوار {n}")
        firsts.append(first)
    article.refresh_from_db()
    return firsts


def numbered(article, number, slug=None):
    return reverse(
        "comments:page", kwargs={"pk": article.pk, "slug": slug or article.slug, "number": number}
    )


def shown(page):
    return sorted(int(n) for n in re.findall(r"بداية الحوار (\d+)<", page))


def test_the_article_page_draws_the_newest_conversations_and_links_the_older(
    client, article, conversations
):
    page = client.get(article.get_absolute_url()).text
    assert shown(page) == [7, 8, 9, 10, 11]
    assert page.count('class="comment comment--depth') == 10  # every reply with its first
    assert "24 تعليقاً" in page  # the count is the story's, not the page's
    second = numbered(article, 2)
    third = numbered(article, 3)
    assert f'href="{second}" rel="next"' in page
    assert 'aria-current="page">1<' in page and f'href="{third}">3<' in page

    middle = client.get(second)
    assert middle.status_code == 200 and shown(middle.text) == [2, 3, 4, 5, 6]
    assert f'href="{article.get_absolute_url()}#comments" rel="prev"' in middle.text
    assert f'href="{third}" rel="next"' in middle.text
    assert "<h1>" in middle.text and 'rel="canonical"' in middle.text
    last = client.get(third)
    assert shown(last.text) == [0, 1] and 'rel="next"' not in last.text
    assert "اترك تعليقاً" in last.text  # replying works from any page


def test_other_addresses_of_a_comment_page_redirect_or_are_not_found(
    client, article, conversations
):
    first = client.get(numbered(article, 1))
    assert first.status_code == 301 and first.url == article.get_absolute_url()
    stale = client.get(numbered(article, 2, slug="old-slug"))
    assert stale.status_code == 301
    assert stale.url == numbered(article, 2)
    assert client.get(numbered(article, 4)).status_code == 404
    assert client.get(numbered(article, 0)).status_code == 301


def test_a_reply_to_an_old_conversation_lands_on_its_page(
    client, post, article, conversations, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    oldest = conversations[0]
    CommentFactory(article=article, name="سالم", email="salem@example.com")  # a known reader
    with django_capture_on_commit_callbacks(execute=True):
        response = post(article, text="رد متأخر على أول حوار", parent=oldest.pk)
    reply = Comment.objects.get(text="رد متأخر على أول حوار")
    assert reply.status == Status.APPROVED and reply.thread_id == oldest.pk
    # 13 conversations now (the known reader's own is the newest): the oldest are on page 3.
    expected = f"{numbered(article, 3)}?comment=published"
    assert response["Location"] == f"{expected}#comment-{reply.pk}"
    landed = client.get(response["Location"]).text
    assert "رد متأخر على أول حوار" in landed and "نُشر تعليقك" in landed


def test_an_approved_comment_links_to_its_page_and_the_pages_are_purged(
    client, article, conversations, moderator, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    second = numbered(article, 2)
    before = client.get(second)
    assert f"c{article.pk}" in before["xkey"].split()
    held = CommentFactory(
        article=article, parent=conversations[4], depth=2, status=Status.PENDING, text="انتظر"
    )
    assert held.get_absolute_url() == f"{second}#comment-{held.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate([held], Status.APPROVED, moderator=moderator)
    assert "انتظر" in client.get(second).text  # the cached page was purged
    article.refresh_from_db()
    assert (article.comment_count, article.comment_threads) == (25, 12)


def test_a_reply_whose_first_comment_was_rejected_still_shows(client, article, settings):
    first = CommentFactory(article=article, text="أول مرفوض", status=Status.REJECTED)
    CommentFactory(article=article, parent=first, depth=2, text="رد باق")
    page = client.get(article.get_absolute_url()).text
    assert "رد باق" in page and "أول مرفوض" not in page
    assert "comment-pages" not in page  # one page: no page links


def test_deleting_comments_in_the_admin_recounts_them(
    client, article, conversations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(thread_id=conversations[0].pk).delete()
        conversations[0].delete()
    article.refresh_from_db()
    assert (article.comment_count, article.comment_threads) == (22, 11)
    assert "22 تعليقاً" in client.get(article.get_absolute_url()).text


def test_a_comments_date_reads_as_the_storys_in_kuwait_time(client, article):
    when = datetime(2026, 12, 6, 2, 57, tzinfo=ZoneInfo("Asia/Kuwait"))
    CommentFactory(article=article, created_at=when)
    page = client.get(article.get_absolute_url()).text
    assert '<time datetime="2026-12-06T02:57:00+03:00">الأحد 6 ديسمبر 2026، 02:57</time>' in page
