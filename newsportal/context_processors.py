"""The site's chrome: its name (in every template's context), the menu sections, the footer's
pages and the breaking strip, drawn by `{{ chrome("menu") }}` in the readers' templates.

The chrome is on every page: it comes from the shared cache, drawn once for all pages and
both languages (the objects carry every language's fields), and purged by its keys: `chrome`,
and each breaking story's own key. A breaking story leaves the strip by itself after
BREAKING_NEWS_HOURS: the fragment, and the pages showing it, are kept no longer than that.
"""

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import edge
from articles.caching import cached_fragment
from articles.models import Article, Page, Section


def chrome():
    """The chrome's objects (menu_sections, footer_pages, breaking_news), its keys and when it
    expires, from the shared cache."""
    return cached_fragment("chrome", _draw_chrome)


def _draw_chrome():
    breaking = list(
        Article.objects.breaking(hours=settings.BREAKING_NEWS_HOURS).only(
            "pk", "slug", "headline", "headline_ar", "headline_en", "published_at"
        )[:3]
    )
    chrome = {
        "menu_sections": list(Section.objects.for_menu()),
        "footer_pages": list(
            Page.objects.filter(is_in_footer=True).only("slug", "title", "title_ar", "title_en")
        ),
        "breaking_news": breaking,
    }
    keys = ["chrome", *(edge.key_of(story) for story in breaking)]
    hours = timedelta(hours=settings.BREAKING_NEWS_HOURS)
    leaves = min((story.published_at + hours for story in breaking), default=None)
    return chrome, keys, leaves.timestamp() if leaves else None


def site(request):
    return {"site_name": settings.SITE_NAME or _("The Portal")}


PARTS = ("menu", "breaking", "footer")


def chrome_part(context, part):
    """`{{ chrome("menu") }}`, `"breaking"`, `"footer"`: the part's HTML, kept in the shared
    cache per language beside the chrome's objects and under the same keys, so that it is
    purged with them and a page missing every other cache does not draw it again."""
    request = context.get("request")
    language = get_language()
    drawn = getattr(request, "_chrome", {})  # one read of the cache per page
    if language not in drawn:
        drawn[language] = cached_fragment(f"chrome-html:{language}", _draw_parts)
        if request is not None:
            request._chrome = drawn
    html, keys, expires_at = drawn[language]
    edge.tag(request, *keys)  # a withdrawn breaking story leaves every page's strip
    edge.expires(request, expires_at)
    return mark_safe(html[part])  # noqa: S308 - drawn by the templates, escaped there


def _draw_parts():
    objects, keys, expires_at = chrome()
    html = {part: str(render_to_string(f"includes/chrome/{part}.html", objects)) for part in PARTS}
    return html, keys, expires_at
