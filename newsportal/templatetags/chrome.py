"""`{% chrome "menu" %}`, `{% chrome "breaking" %}`, `{% chrome "footer" %}`: the parts of the
site's chrome every page draws (newsportal/context_processors.py). Their HTML is kept in the
shared cache, per language, beside the chrome's objects and under the same keys, so that it is
purged with them and a page missing every other cache does not draw it again (two of the ten
milliseconds an uncached article page took)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles import edge
from articles.caching import cached_fragment
from newsportal import context_processors

register = template.Library()

PARTS = ("menu", "breaking", "footer")


@register.simple_tag(takes_context=True)
def chrome(context, part):
    request = context.get("request")
    language = get_language()
    drawn = getattr(request, "_chrome", {})  # one read of the cache per page
    if language not in drawn:
        drawn[language] = cached_fragment(f"chrome-html:{language}", _draw)
        if request is not None:
            request._chrome = drawn
    html, keys, expires_at = drawn[language]
    edge.tag(request, *keys)  # a withdrawn breaking story leaves every page's strip
    edge.expires(request, expires_at)
    return mark_safe(html[part])  # noqa: S308 - drawn by the templates, escaped there


def _draw():
    objects, keys, expires_at = context_processors.chrome()
    html = {part: str(render_to_string(f"includes/chrome/{part}.html", objects)) for part in PARTS}
    return html, keys, expires_at
