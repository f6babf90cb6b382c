"""Site-wide template context: the site's name, the sections for the menu, breaking news."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from articles import edge
from articles.models import Article, Page, Section


def site(request):
    def breaking():
        stories = list(
            Article.objects.breaking(hours=settings.BREAKING_NEWS_HOURS).only(
                "pk", "slug", "headline", "headline_ar", "headline_en", "published_at"
            )[:3]
        )
        edge.tag(request, *stories)  # the strip is on every page: a withdrawn story leaves it
        return stories

    edge.tag(request, "chrome")  # the menu and the footer
    return {
        "site_name": settings.SITE_NAME or _("The Portal"),
        "menu_sections": Section.objects.for_menu(),
        "footer_pages": Page.objects.filter(is_in_footer=True).only(
            "slug", "title", "title_ar", "title_en"
        ),
        "breaking_news": SimpleLazyObject(breaking),  # queried only by a page that shows it
    }
