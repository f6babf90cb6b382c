"""The old site's addresses: recorded during an import, answered with a permanent redirect.

Keys are decoded paths without the trailing slash (`/2026/11/15/قمة-المناخ`), so an address
percent-encoded in upper or lower case, or typed in plain Arabic, finds the same entry; the
query forms WordPress answers on its front page are kept as `/?p=23`, `/?page_id=4`,
`/?attachment_id=13`.
"""

import unicodedata
from urllib.parse import unquote, urlsplit

from django.http import QueryDict
from django.urls import reverse

from ..models import Article, Author, Image, Page, Section, Tag
from .models import LegacyAddress

QUERY_FORMS = ("p", "page_id", "attachment_id")


def key(path):
    """The stored form of an old address; None for one no address could be (a NUL byte)."""
    path = unicodedata.normalize("NFC", unquote(path or "/"))
    if "\x00" in path:
        return None
    path = "/" + path.strip("/")
    return path[:500]


def query_key(params):
    """`/?p=23` for WordPress's front-page query addresses, else None."""
    for name in QUERY_FORMS:
        value = params.get(name, "")
        if value.isascii() and value.isdigit():
            return f"/?{name}={int(value)}"
    return None


def save_address(path, target, object_id):
    """Insert, or update the address already there, in one statement (an upsert)."""
    LegacyAddress.objects.bulk_create(
        [LegacyAddress(path=path, target=target, object_id=object_id)],
        update_conflicts=True,
        unique_fields=["path"],
        update_fields=["target", "object_id"],
    )


class Addresses:
    """Records an import's old addresses (the latest import of an address wins)."""

    def __init__(self, site):
        self.site_path = urlsplit(site).path.rstrip("/")

    def add(self, path, target, object_id):
        if path.startswith(("http://", "https://")):
            path = urlsplit(path).path
        if self.site_path and path.startswith(self.site_path):
            path = path[len(self.site_path) :]  # a site in a sub-folder
        if (stored := key(path)) is not None:
            save_address(stored, target, object_id)

    def add_link(self, url, target, object_id):
        """An item's `<link>`: its pretty permalink, or the `?p=ID` form WordPress falls back to."""
        parts = urlsplit(url or "")
        if not parts.path.strip("/") and parts.query:
            found = query_key(QueryDict(parts.query))
            if found:
                save_address(found, target, object_id)
            return
        if parts.path.strip("/"):
            self.add(parts.path, target, object_id)


TARGETS = {
    LegacyAddress.Target.ARTICLE: lambda pk: _url_of(Article.objects.published(), pk),
    LegacyAddress.Target.PAGE: lambda pk: _url_of(Page.objects, pk),
    LegacyAddress.Target.SECTION: lambda pk: _url_of(Section.objects, pk),
    LegacyAddress.Target.SECTION_FEED: lambda pk: _feed_of(Section, "articles:section-feed", pk),
    LegacyAddress.Target.TAG: lambda pk: _url_of(Tag.objects, pk),
    LegacyAddress.Target.TAG_FEED: lambda pk: _feed_of(Tag, "articles:tag-feed", pk),
    LegacyAddress.Target.AUTHOR: lambda pk: _url_of(Author.objects, pk),
    LegacyAddress.Target.FEED: lambda pk: reverse("articles:feed"),
    LegacyAddress.Target.IMAGE: lambda pk: _image_url(pk),
}


def _url_of(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    return obj.get_absolute_url() if obj else None


def _feed_of(model, name, pk):
    obj = model.objects.filter(pk=pk).only("slug").first()
    return reverse(name, kwargs={"slug": obj.slug}) if obj else None


def _image_url(pk):
    image = Image.objects.filter(pk=pk).first()
    return image.file.url if image and image.file else None


def new_address(old):
    """Where an old address now lives, or None (unknown, or its object is gone or not live)."""
    if old is None:
        return None
    entry = LegacyAddress.objects.filter(path=old).first()
    if entry is None:
        return None
    return TARGETS[entry.target](entry.object_id)
