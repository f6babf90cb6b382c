"""`{{ related_stories(article) }}`: the «شاهد أيضاً» box (drawn with its template by
newsportal/templating.py); `compact=True` for a short list elsewhere on a page (a section
page's end, a sidebar). The `excerpt` filter serves both template engines."""

from django import template
from django.utils.html import strip_tags

from articles import edge
from articles.text import excerpt as cut_excerpt

from ..boxes import related_for

register = template.Library()


def related_stories(context, article, count=None, compact=False):
    stories = related_for(article, count)
    # A retitled or withdrawn story leaves the box; a new one enters it (r<pk>, on publishing).
    edge.tag(context.get("request"), edge.related_key(article.pk), *stories)
    return {"stories": stories, "compact": compact}


@register.filter
def excerpt(article, length=140):
    """The story's standfirst (or the start of its body) cut at a word boundary with "…"."""
    return cut_excerpt(article.standfirst or strip_tags(article.body or ""), int(length))
