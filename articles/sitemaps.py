"""XML sitemaps (Django splits them into pages of 50,000 URLs behind an index) and the
Google News sitemap of the last 48 hours.

The stories' sitemaps are the large ones (a 100,000-story archive fills two pages of 50,000):
their latest change is read from two indexes, and their pages are written straight from the
rows (`sitemap_page`) rather than through Django's per-address dictionaries and template,
which take seconds at that size.
"""

from datetime import timedelta
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connections
from django.db.models import CharField, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
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
        """The index's date for this sitemap: the newest publication or correction, two
        index reads in one query (Django's default asks every story for its date)."""
        live = self.items().order_by()
        newest = live.order_by("-published_at").values("published_at")[:1]
        corrected = (
            live.filter(updated_at__isnull=False).order_by("-updated_at").values("updated_at")[:1]
        )
        row = (
            Section.objects.order_by()
            .annotate(newest=Subquery(newest), corrected=Subquery(corrected))
            .values_list("newest", "corrected")
            .first()
        )
        return max(filter(None, row or ()), default=None)

    def addresses(self, page):
        """(address path, written for XML; day of the last change) of the stories on `page`,
        from their rows alone."""
        try:
            number = self.paginator.validate_number(page)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(f"No page {page!r}") from error
        # A plain Django queryset over the same query: no translated field is read, so
        # modeltranslation's row wrapper (a tenth of a millisecond per address) is not needed.
        plain = QuerySet(model=Article, query=self.items().query.chain())
        if number > 1:  # from the page's first story on, rather than skipping the ones before
            # it with the page's expressions computed for each of them (50 ms more a page)
            try:
                first = plain.values_list("published_at", "pk")[(number - 1) * self.limit]
            except IndexError as error:  # stories taken down since the count
                raise Http404(f"No page {page!r}") from error
            plain = plain.filter(published_at__lte=first[0]).exclude(
                published_at=first[0], pk__gt=first[1]
            )
        day = Cast(  # the site's day, as Django's template writes it: YYYY-MM-DD
            TruncDate(
                Coalesce("updated_at", "published_at"), tzinfo=timezone.get_current_timezone()
            ),
            CharField(),
        )
        rows = plain.annotate(day=day)[: self.limit].values_list("pk", "slug", "day")
        sql, params = rows.query.sql_with_params()  # id, slug, day: plain values, no converter
        with connections[rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        with override(self.language):
            named = reverse("articles:detail", kwargs={"pk": 987654321, "slug": "zslugz"})
            short = reverse("articles:detail-short", kwargs={"pk": 987654321})
        before, rest = named.split("987654321")
        between, after = rest.split("zslugz")
        short_before, short_after = short.split("987654321")
        return [
            (
                f"{before}{pk}{between}{_segment(slug)}{after}"
                if slug
                else f"{short_before}{pk}{short_after}",
                changed,
            )
            for pk, slug, changed in rows
        ]


def _segment(slug):
    """A slug as `reverse()` writes it in an address (percent-encoded), ready for XML: a slug
    is letters, digits and hyphens, the rest is for what slipped past that."""
    if slug.isascii() and slug.replace("-", "").isalnum():
        return slug
    return escape(quote(slug, safe=RFC3986_SUBDELIMS + "/~:@"))


class EnglishArticleSitemap(ArticleSitemap):
    """Translated stories at their English addresses."""

    language = "en"

    def items(self):
        return super().items().filter(headline_en__gt="")  # the translated stories' index


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
    lines += [
        f"<url><loc>{base}{path}</loc><lastmod>{changed}</lastmod>{ending}"
        if changed
        else f"<url><loc>{base}{path}</loc>{ending}"
        for path, changed in site.addresses(request.GET.get("p", 1))
    ]
    lines.append("</urlset>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's view says
    return response
