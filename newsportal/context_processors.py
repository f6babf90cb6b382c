"""The site's chrome: its name (in every template's context), the menu sections, the footer's
pages and the breaking strip (drawn by `{% chrome %}`, newsportal/templatetags/chrome.py).

The chrome is on every page: it comes from the shared cache, drawn once for all pages and
both languages (the objects carry every language's fields), and purged by its keys: `chrome`,
and each breaking story's own key. A breaking story leaves the strip by itself after
BREAKING_NEWS_HOURS: the fragment, and the pages showing it, are kept no longer than that.
"""

from datetime import timedelta

from django.conf import settings
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
