"""`{{ article_comments(article) }}` in a reader's template (newsportal/templating.py): the
approved comments, threaded, in pages of conversations
(comments/pages.py), then the «اترك تعليقاً» form. One query for the comments; pending and
spam ones never leave the database."""

import re
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import pages
from .forms import CommentForm
from .moderation import comments_open_on_page


def _thread(comments):
    """Top-level comments, each with `.children` filled, from a flat list in date order.

    A reply whose parent is not shown (rejected, or erased at its author's request) stands at
    the top level; `level` is where each comment is drawn, whatever depth it was posted at."""
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.children = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        (parent.children if parent else roots).append(comment)

    def set_level(nodes, level):
        for node in nodes:
            node.level = level
            set_level(node.children, level + 1)

    set_level(roots, 1)
    return roots


def article_comments(context, article, number=1):
    """Page `number` of the story's conversations (the article page draws the first)."""
    request = context.get("request")
    comments = pages.comments_on(article, number)
    form = context.get("comment_form")
    reply_to = None
    if form is None:
        form = CommentForm(article=article)
        reply_id = request.GET.get("replytocom", "") if request else ""
        if re.fullmatch(r"[0-9]{1,18}", reply_id):
            reply_to = next((c for c in comments if c.pk == int(reply_id)), None)
            if reply_to:
                form.initial["parent"] = reply_to.pk
    return {
        "article": article,
        "comments": _thread(comments),
        "count": article.comment_count,
        "pages": pages.navigation(article, number),
        "form": form,
        "reply_to": reply_to,
        "is_open": comments_open_on_page(request, article),
        "state": request.GET.get("comment") if request else None,
        "max_depth": settings.COMMENTS_THREAD_DEPTH,
        "request": request,
    }


FORM_TEMPLATE = "comments/includes/form.html"


def comment_form(context):
    """The «اترك تعليقاً» form. A fresh one (not sent back with its errors, not a reply) reads
    the same for every reader of every story in a language but for its address: drawn once
    per process and language, as the template loader keeps templates, and given the story's
    address (a third of an uncached article page's drawing was this form's widgets)."""
    form, article, reply_to = context["form"], context["article"], context["reply_to"]
    if form.is_bound or reply_to is not None or form.initial:
        html = render_to_string(
            FORM_TEMPLATE, {"form": form, "article": article, "reply_to": reply_to}
        )
        return mark_safe(html)  # noqa: S308 - drawn by the template (Jinja2 returns a plain str)
    html = _fresh_form(get_language(), get_script_prefix())
    return mark_safe(html.replace(f"/{_ANY_STORY}/", f"/{int(article.pk)}/"))  # noqa: S308 - drawn by the template


_ANY_STORY = 987654321  # the one number in the form's address


@lru_cache(maxsize=16)
def _fresh_form(language, script_prefix):
    form = CommentForm(article=None)
    return render_to_string(FORM_TEMPLATE, {"form": form, "article": {"pk": _ANY_STORY}})


def _settings_changed(**kwargs):
    _fresh_form.cache_clear()  # the form reads the comment settings (tests change them)


setting_changed.connect(_settings_changed)


_NOFOLLOW = re.compile(r'rel="nofollow"')
_LINKABLE = re.compile(r"[.@:]\S")


def comment_text(text):
    """Escaped text with line breaks kept and links made `rel="nofollow ugc"`."""
    html = escape(text)
    if _LINKABLE.search(html):  # what urlize links has a dot, @ or colon inside a word
        html = urlize(html, nofollow=True, autoescape=False)
        html = _NOFOLLOW.sub('rel="nofollow ugc noopener"', html)
    paragraphs = [p.replace("\n", "<br>") for p in re.split(r"\n{2,}", html) if p.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # noqa: S308 - escaped above
