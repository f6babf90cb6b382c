"""Comments in pages of conversations, so an article page stays light whatever its number of
comments. A conversation is a first comment and its replies; the article page draws the newest
COMMENTS_PER_PAGE conversations, older ones are on numbered pages at their own addresses
(/article/<pk>/<slug>/comments/2/), plain links with rel="prev"/"next". Every page carries the
story's comments key (`c12`), so an approval, a rejection or an erasure purges them all
(articles/purges.py).

Conversations are ordered by their first comment's id (the order they were started in); a
page never cuts one in two. The number of pages comes from the story's own count of
conversations (Article.comment_threads, kept with its comment count), so drawing a page costs
one query: the comments of its conversations.
"""

import math

from django.conf import settings
from django.urls import reverse

from .models import Comment, conversation


def _approved_of(article_id):
    return Comment.objects.approved().filter(article_id=article_id).annotate(root=conversation())


def page_count(article):
    return max(1, math.ceil(article.comment_threads / settings.COMMENTS_PER_PAGE))


def comments_on(article, number):
    """The approved comments of page `number`'s conversations, in date order (one query)."""
    shown = Comment.objects.approved().filter(article_id=article.pk)
    shown = shown.only("pk", "parent_id", "thread_id", "depth", "name", "url", "text", "created_at")
    if number == 1 and page_count(article) == 1:
        return list(shown)  # every conversation (most stories): none to pick
    per = settings.COMMENTS_PER_PAGE
    roots = (
        _approved_of(article.pk)
        .values("root")
        .distinct()
        .order_by("-root")[(number - 1) * per : number * per]
    )
    return list(shown.annotate(root=conversation()).filter(root__in=roots))


def page_of(comment):
    """The page its conversation is drawn on (one query: the newer conversations)."""
    newer = (
        _approved_of(comment.article_id)
        .filter(root__gt=comment.root_id)
        .values("root")
        .distinct()
        .count()
    )
    return newer // settings.COMMENTS_PER_PAGE + 1


def address(article, number):
    """Page `number` of the story's comments: the article itself for the first."""
    if number <= 1:
        return f"{article.get_absolute_url()}#comments"
    return reverse(
        "comments:page", kwargs={"pk": article.pk, "slug": article.slug, "number": number}
    )


def page_address(comment, query=""):
    """Where a comment is seen: its page, at its anchor (`query` such as "comment=published")."""
    base = address(comment.article, page_of(comment)).removesuffix("#comments")
    return f"{base}{'?' + query if query else ''}#comment-{comment.pk}"


def navigation(article, number):
    """The links between the pages of comments, for the template; None when there is one."""
    count = page_count(article)
    if count == 1:
        return None
    return {
        "number": number,
        "pages": [(n, address(article, n)) for n in range(1, count + 1)],
        "newer": address(article, number - 1) if number > 1 else None,
        "older": address(article, number + 1) if number < count else None,
    }
