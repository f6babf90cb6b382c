"""Public pages: home, sections, tags, authors, the article and its signed preview."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import (
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from . import edge
from .body import image_ids, render_body
from .models import Article, Author, Page, Section, Tag
from .most_read import count_view, most_read
from .preview import article_id_from_token
from .sitemaps import google_news_articles


class PublishedArticlesMixin:
    """Owns the queryset every public list starts from: live articles, loaded for listing.
    The page names each story it lists (its surrogate keys)."""

    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edge.tag_cards(self.request, context["object_list"])
        return context


class HomeView(PublishedArticlesMixin, ListView):
    """The front page: the lead story, featured stories, the latest, the newest of every
    section and the most read. A fixed number of queries whatever the number of stories."""

    template_name = "articles/home.html"
    context_object_name = "latest"
    paginate_by = None
    LATEST = 10

    def get_queryset(self):
        return super().get_queryset()[: self.LATEST]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = list(
            Article.objects.published().filter(is_featured=True).for_listing()[:5]
        ) or list(context["latest"][:1])
        by_section = {}
        for article in (
            Article.objects.published()
            .latest_per_section(4)
            .select_related("section", "lead_image")
        ):
            stories = by_section.setdefault(article.section, [])
            if len(stories) < 4:  # stories published at the very same second as the fourth
                stories.append(article)
        edge.tag_cards(self.request, featured)
        for stories in by_section.values():
            edge.tag_cards(self.request, stories)
        context.update(
            lead=featured[0] if featured else None,
            featured=featured[1:5],
            sections=[
                (section, by_section[section])
                for section in sorted(by_section, key=lambda s: (s.position, s.pk))
            ],
            most_read=edge.tag_most_read(self.request, most_read()),
        )
        return context


class SectionView(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        edge.listing(self.request, self.section)
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        edge.listing(self.request, self.tag)
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        edge.listing(self.request, self.author)
        edge.tag(self.request, self.author.photo)
        return super().get_context_data(author=self.author, **kwargs)


class ArchiveMixin(PublishedArticlesMixin):
    """Date archives of live stories, in Kuwait time, paginated."""

    date_field = "published_at"
    context_object_name = "articles"
    template_name = "articles/article_archive.html"  # one template: it reads year, month, day
    month_format = "%m"
    allow_future = False  # an empty archive is a 404; previous/next skip empty dates

    def get(self, request, *args, **kwargs):
        # Django's date arithmetic overflows at the calendar's ends: no news there anyway.
        if not 1900 <= int(self.kwargs["year"]) <= timezone.now().year + 1:
            raise Http404("No archive for that year.")
        # One address per page (/archive/2026/03/, not /2026/3/): the edge keeps one copy.
        canonical = reverse(request.resolver_match.view_name, kwargs=self.kwargs)
        if request.path != canonical:
            query = request.META.get("QUERY_STRING")
            return redirect(f"{canonical}?{query}" if query else canonical, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_dated_queryset(self, **lookup):
        # An empty date is told (404) by the date list or the paginator's count, queries the
        # page makes anyway, rather than by an EXISTS query of its own.
        allow_empty, self.allow_empty = self.allow_empty, True
        try:
            return super().get_dated_queryset(**lookup)
        finally:
            self.allow_empty = allow_empty


class ArticleYearArchiveView(ArchiveMixin, YearArchiveView):
    make_object_list = True
    allow_empty = True  # the footer links to this year's archive, even on 1 January


class ArticleMonthArchiveView(ArchiveMixin, MonthArchiveView):
    pass


class ArticleDayArchiveView(ArchiveMixin, DayArchiveView):
    # A day links to the days before and after; its month is one click up, not two queries.
    def get_next_month(self, date):
        return None

    def get_previous_month(self, date):
        return None


class PageView(DetailView):
    """An about or contact page, edited in the admin."""

    queryset = Page.objects.all()
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        edge.tag(self.request, self.object, *(f"i{pk}" for pk in image_ids(self.object.body)))
        return super().get_context_data(body=render_body(self.object.body), **kwargs)


class ArticleDetailView(DetailView):
    """The article page. The slug is cosmetic: a stale or missing one redirects permanently
    to the canonical address, so links keep working after a headline is edited."""

    context_object_name = "article"

    def get_queryset(self):
        # The story's row with its section and lead picture; article_page_context reads the
        # rest with plain queries (Django's prefetching costs twice as much for one story).
        return Article.objects.published().select_related("section", "lead_image")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        language = get_language()
        if not self.object.has_version(language):
            # Not translated: no page of its own in that language, the original instead.
            with translation.override(settings.LANGUAGE_CODE):
                return redirect(self.object.get_absolute_url())
        if (self.kwargs.get("slug") or "") != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_page_context(self.request, self.object))
        return context


class ArticlePreviewView(ArticleDetailView):
    """An unpublished article as readers will see it, behind a signed link that expires."""

    def get_queryset(self):
        return Article.objects.select_related("section", "lead_image")

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


# A transparent 1×1 GIF.
BEACON = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@never_cache
def view_beacon(request, pk):
    """The article page's beacon: one reader's view of story `pk`, counted in the cache (bots
    are not; nothing is written on the request). An image, so it counts without JavaScript,
    and never cached, so it counts behind the edge too."""
    count_view(request, pk)
    return HttpResponse(BEACON, content_type="image/gif")


def article_page_context(request, article):
    """What the article template needs besides the article (also used when the comment form
    comes back with errors)."""
    authors, tags = list(article.authors.all()), list(article.tags.all())
    # A story's updated time is set by its first change note (ChangeNote.save): without one,
    # it has none to read (most stories).
    notes = list(article.change_notes.all()) if article.updated_at else []
    edge.tag(request, article, article.section, article.lead_image, *authors, *tags)
    edge.tag(request, edge.comments_key(article.pk), *(f"i{pk}" for pk in image_ids(article.body)))
    return {
        "article": article,
        "page_article": article,
        "authors": authors,
        "tags": tags,
        "body": render_body(article.body),
        "change_notes": notes,
        "last_change": notes[-1] if notes else None,
        "json_ld": news_article_json_ld(request, article, authors),
    }


def news_article_json_ld(request, article, authors):
    """schema.org NewsArticle for search engines, safe to place inside a <script> element."""
    image = article.lead_image
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": (article.updated_at or article.published_at or article.modified_at)
        .isoformat(),
        "articleSection": article.section.name,
        "inLanguage": get_language(),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "author": [
            {"@type": "Person", "name": author.name,
             "url": request.build_absolute_uri(author.get_absolute_url())}
            for author in authors
        ],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME or _("The Portal")},
    }  # fmt: skip
    if image:
        data["image"] = [request.build_absolute_uri(image.file.url)]
    text = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - JSON with <, > and & escaped, as json_script does
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def robots_txt(request):
    """Crawlers: everything public, not the admin, previews or search results; the sitemaps."""
    base = f"{request.scheme}://{request.get_host()}"
    # A custom ADMIN_URL is not printed here: robots.txt is read by anyone.
    admin = ["Disallow: /admin/", "Disallow: /en/admin/"] if settings.ADMIN_URL == "admin/" else []
    lines = [
        "User-agent: *",
        *admin,
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
