"""Public pages: home, sections, tags, authors, the article and its signed preview."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import DetailView, ListView

from .models import Article, Author, Section, Tag
from .preview import article_id_from_token
from .sitemaps import google_news_articles


class PublishedArticlesMixin:
    """Owns the queryset every public list starts from: live articles, loaded for listing."""

    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"


class SectionView(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetailView(DetailView):
    """The article page. The slug is cosmetic: a stale or missing one redirects permanently
    to the canonical address, so links keep working after a headline is edited."""

    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("section", "lead_image")
            .prefetch_related("tags", "authors", "change_notes")
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class ArticlePreviewView(ArticleDetailView):
    """An unpublished article as readers will see it, behind a signed link that expires."""

    def get_queryset(self):
        return Article.objects.select_related("section", "lead_image").prefetch_related(
            "tags", "authors", "change_notes"
        )

    def get_object(self, queryset=None):
        article_id = article_id_from_token(self.kwargs["token"])
        if article_id is None:
            raise Http404("This preview link is invalid or has expired.")
        return get_object_or_404(self.get_queryset(), pk=article_id)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        response = self.render_to_response(
            self.get_context_data(object=self.object, is_preview=True)
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


def robots_txt(request):
    """Crawlers: everything public, not the admin, previews or search results; the sitemaps."""
    base = f"{request.scheme}://{request.get_host()}"
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        "Disallow: /preview/",
        "Disallow: /en/preview/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        "",
        f"Sitemap: {base}{reverse('sitemap-index')}",
        f"Sitemap: {base}{reverse('sitemap-news')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def google_news_sitemap(request):
    """The Google News sitemap: the last 48 hours, each story in its language."""
    return render(
        request,
        "articles/sitemap_news.xml",
        {"articles": google_news_articles()},
        content_type="application/xml; charset=utf-8",
    )
