"""XML sitemaps (Django splits them into pages of 50,000 URLs behind an index) and the
Google News sitemap of the last 48 hours."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.utils import timezone
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
