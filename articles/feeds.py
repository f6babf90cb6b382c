"""RSS and Atom feeds: the whole site, each section and each tag, in the reader's language."""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from . import edge
from .html import text_of
from .models import Article, Section, Tag
from .text import excerpt

FEED_ITEMS = 30
_current_request = ContextVar("feed_request")


class LatestArticlesFeed(Feed):
    """The newest stories; subclasses narrow them to a section or a tag."""

    def title(self, obj=None):
        site = settings.SITE_NAME or _("The Portal")
        return f"{site} — {obj.name}" if obj else site

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse("articles:home")

    def description(self, obj=None):
        return _("The latest news from %(site)s") % {"site": self.title(obj)}

    def items(self, obj=None):
        queryset = self.filter_items(Article.objects.published().for_listing(), obj)
        items = list(queryset[:FEED_ITEMS])
        request = _current_request.get()
        if obj is not None:
            edge.listing(request, obj)
        edge.tag(request, *items)
        return items

    def filter_items(self, queryset, obj):
        return queryset

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return excerpt(article.standfirst or text_of(article.body), 300)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at or article.published_at

    def item_author_name(self, article):
        return "، ".join(author.name for author in article.authors.all()) or None

    def item_categories(self, article):
        return [article.section.name]

    def item_enclosures(self, article):
        image = article.lead_image
        if not image:
            return []
        largest = image.renditions[-1]["fallback"] if image.renditions else image.file.name
        mime = "image/png" if largest.endswith(".png") else "image/jpeg"
        url = _current_request.get().build_absolute_uri(image.file.storage.url(largest))
        return [Enclosure(url, "0", mime)]

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request (and thread): the request goes in a ContextVar.
        token = _current_request.set(request)
        try:
            return super().__call__(request, *args, **kwargs)
        finally:
            _current_request.reset(token)


class AtomLatestArticlesFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def filter_items(self, queryset, section):
        return queryset.filter(section=section)


class AtomSectionFeed(SectionFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def filter_items(self, queryset, tag):
        return queryset.filter(tags=tag)


class AtomTagFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
