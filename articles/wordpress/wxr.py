"""Reading a WordPress eXtended RSS export (WXR 1.0–1.2), streaming, with a hardened parser.

defusedxml refuses DTDs, entity declarations and external references, so a "billion laughs"
or an external entity is an error, never an expansion or a network request. Items are yielded
one at a time and dropped from the tree once read: memory stays flat however long the file.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.text import slugify
from django.utils.translation import gettext as _

WP_NAMESPACE = re.compile(r"^http://wordpress\.org/export/1\.\d+/$")
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://wordpress.org/export/1.2/excerpt/": "excerpt",
    "http://wordpress.org/export/1.1/excerpt/": "excerpt",
    "http://wordpress.org/export/1.0/excerpt/": "excerpt",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
CHANNEL_RECORDS = {"wp:author", "wp:category", "wp:tag", "wp:term"}


def checksum(*parts):
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def decode_slug(value, *, max_length=100):
    """WordPress keeps Arabic slugs percent-encoded; ours are plain Unicode."""
    slug = unquote((value or "").strip()).strip("/")
    if not re.fullmatch(r"[-\w]+", slug):
        slug = slugify(slug, allow_unicode=True)
    return slug[:max_length].strip("-")


def wp_int(value):
    """A WordPress id as an int; 0 for anything else (empty, «²», absurdly large)."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 15:
        return int(value)
    return 0


class ExportError(Exception):
    """The file as a whole cannot be read as a WordPress export."""


def short_name(tag):
    """`{http://wordpress.org/export/1.2/}post_id` → `wp:post_id`."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if WP_NAMESPACE.match(uri):
        return f"wp:{local}"
    prefix = PREFIXES.get(uri)
    return f"{prefix}:{local}" if prefix else local


@dataclass
class Item:
    """One `<item>`: a post, page, attachment or menu item, with its metadata and comments."""

    fields: dict
    meta: dict = field(default_factory=dict)
    terms: list = field(default_factory=list)  # (domain, nicename, name)
    comments: list = field(default_factory=list)  # dicts of wp:comment_* fields and "meta"

    def __getitem__(self, name):
        return self.fields.get(name, "")

    @property
    def wp_id(self):
        return wp_int(self.fields.get("wp:post_id")) or None

    @property
    def post_type(self):
        return self.fields.get("wp:post_type", "")

    @property
    def status(self):
        return self.fields.get("wp:status", "")


@dataclass
class Channel:
    """The site-wide part of the export: its address and its taxonomy and authors."""

    title: str = ""
    link: str = ""
    base_site_url: str = ""
    wxr_version: str = ""
    language: str = ""
    authors: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    @property
    def site_url(self):
        return (self.base_site_url or self.link).rstrip("/")


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _children(element):
    return {short_name(child.tag): (child.text or "") for child in element}


def _item(element):
    item = Item(fields={})
    for child in element:
        name = short_name(child.tag)
        if name == "wp:postmeta":
            values = _children(child)
            item.meta.setdefault(values.get("wp:meta_key", ""), []).append(
                values.get("wp:meta_value", "")
            )
        elif name == "category":
            item.terms.append(
                (child.get("domain", ""), child.get("nicename", ""), child.text or "")
            )
        elif name == "wp:comment":
            comment = {}
            for part in child:
                part_name = short_name(part.tag)
                if part_name == "wp:commentmeta":
                    values = _children(part)
                    comment.setdefault("meta", {})[values.get("wp:meta_key", "")] = values.get(
                        "wp:meta_value", ""
                    )
                else:
                    comment[part_name] = part.text or ""
            item.comments.append(comment)
        else:
            item.fields[name] = child.text or ""
    return item


def read(path, channel=None):
    """Yield the export's `Item`s in file order, filling `channel` as its parts go by.
    Raises `ExportError` with a reader's message for a file that is not a readable export."""
    channel = channel if channel is not None else Channel()
    parent = None
    seen_channel = False
    try:
        for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
            name = short_name(element.tag)
            if event == "start":
                if name == "channel":
                    parent, seen_channel = element, True
                continue
            if parent is None or element not in parent:
                continue  # a part of an item or record, read with it
            if name == "item":
                if not channel.wxr_version:
                    raise ExportError(_not_wxr())
                yield _item(element)
            elif name in CHANNEL_RECORDS:
                record = _children(element)
                {"wp:author": channel.authors, "wp:category": channel.categories}.get(
                    name, channel.tags if name == "wp:tag" else []
                ).append(record)
            elif name == "wp:wxr_version":
                channel.wxr_version = _text(element)
            elif name == "wp:base_site_url":
                channel.base_site_url = _text(element)
            elif name == "link":
                channel.link = _text(element)
            elif name == "title":
                channel.title = _text(element)
            elif name == "language":
                channel.language = _text(element)
            parent.remove(element)
    except (DefusedXmlException, ValueError) as error:
        raise ExportError(
            _(
                "The file declares a DTD or entities, which a WordPress export never does: "
                "it was not read."
            )
        ) from error
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ExportError(
            _(
                "The file is not well-formed XML at line %(line)s, column %(column)s: it may "
                "be truncated or damaged. Nothing was imported."
            )
            % {"line": line, "column": column}
        ) from error
    except OSError as error:
        raise ExportError(
            _("The file cannot be read: %(error)s.") % {"error": error.strerror or error}
        ) from error
    if not seen_channel or not channel.wxr_version:
        raise ExportError(_not_wxr())


def _not_wxr():
    return _(
        "This is not a WordPress export: it has no <channel> with a <wp:wxr_version>. "
        "Export the site from WordPress with Tools → Export → All content."
    )
