"""XML sitemaps (Django splits them into pages of 50,000 URLs behind an index) and the
Google News sitemap of the last 48 hours.

The stories' sitemaps are the large ones (a 100,000-story archive fills two pages of 50,000):
their latest change is one aggregate, and their pages are written straight from the rows
(`sitemap_page`) rather than through Django's per-address dictionaries and template, which
take seconds at that size.
"""

from datetime import timedelta
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import override

from .models import Article, Section, Tag


class ArticleSitemap(Sitemap):
    """Every live story at its Arabic address."""

    changefreq = "weekly"
    language = "ar"

    def items(self):
        return (
            Article.objects.published()
            .only("pk", "slug", "published_at", "updated_at", "modified_at")
            .order_by("-published_at", "-pk")
        )

    def location(self, article):
        with override(self.language):
            return article.get_absolute_url()

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_latest_lastmod(self):
        """The index's date for this sitemap: one aggregate (Django's default asks every
        story for its date)."""
        return self.items().aggregate(latest=Max(Coalesce("updated_at", "published_at")))["latest"]

    def addresses(self, page):
        """(address path, last change) of the stories on `page`, from their rows alone."""
        try:
            number = self.paginator.validate_number(page)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(f"No page {page!r}") from error
        start = (number - 1) * self.limit
        rows = self.items()[start : start + self.limit].values_list(
            "pk", "slug", "updated_at", "published_at"
        )
        # Plain rows from the compiler: no translated field is read, so modeltranslation's row
        # wrapper (a tenth of a millisecond per address) is not needed.
        rows = rows.query.get_compiler(using=rows.db).results_iter(
            chunked_fetch=True, chunk_size=5000
        )
        with override(self.language):
            named = reverse("articles:detail", kwargs={"pk": 987654321, "slug": "zslugz"})
            short = reverse("articles:detail-short", kwargs={"pk": 987654321})
        named = named.replace("987654321", "{pk}").replace("zslugz", "{slug}")
        short = short.replace("987654321", "{pk}")
        for pk, slug, updated_at, published_at in rows:
            path = named.format(pk=pk, slug=slug) if slug else short.format(pk=pk)
            yield (path if path.isascii() else iri_to_uri(path)), updated_at or published_at


class EnglishArticleSitemap(ArticleSitemap):
    """Translated stories at their English addresses."""

    language = "en"

    def items(self):
        return super().items().exclude(headline_en="").exclude(headline_en__isnull=True)


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class TagSitemap(Sitemap):
    changefreq = "daily"
    limit = 50_000

    def items(self):
        return Tag.objects.order_by("pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "articles-en": EnglishArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
}


def google_news_articles():
    """Stories of the last 48 hours, as Google News wants them (at most 1,000)."""
    since = timezone.now() - timedelta(hours=48)
    return (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("pk", "slug", "headline", "headline_ar", "headline_en", "published_at")
        .order_by("-published_at")[:1000]
    )


def sitemap_page(request, section):
    """A page of one sitemap: Django's view, but the stories' pages written from their rows."""
    sitemap = SITEMAPS.get(section)
    if sitemap is None or not issubclass(sitemap, ArticleSitemap):
        return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
    site = sitemap()
    base = f"{request.scheme}://{get_current_site(request).domain}"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']  # fmt: skip
    base, ending = escape(base), f"<changefreq>{site.changefreq}</changefreq></url>"
    zone = timezone.get_current_timezone()  # once: the site's days, as Django's template has
    for path, changed in site.addresses(request.GET.get("p", 1)):
        lastmod = f"<lastmod>{changed.astimezone(zone):%Y-%m-%d}</lastmod>" if changed else ""
        lines.append(f"<url><loc>{base}{escape(path)}</loc>{lastmod}{ending}")
    lines.append("</urlset>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's view says
    return response
