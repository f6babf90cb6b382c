"""The one allowlist of a story body's markup, shared by the editor and the sanitiser.

`BODY_EXTENSIONS` lists the editor's tools (django-prose-editor / Tiptap); the tags and
attributes the sanitiser (nh3) keeps are derived from the same list, so what the toolbar can
make is exactly what the database may hold, whatever sent it (the admin, a command, an import).
Pictures and embeds are stored as references, drawn on the reader's page by `articles.body`:
`<figure data-image-id="42"></figure>` and `<figure data-embed="https://…"></figure>`.
"""

import html
import re
from functools import cache

import nh3
from django.conf import settings
from django_prose_editor.config import EXTENSION_MAPPING, expand_extensions, html_tags

from .embeds import embed_for

BODY_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    # Kept for the bodies stored before the editor (H₂O, m², a struck-out word), so that
    # opening and saving one changes nothing a reader sees.
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "BulletList": True,
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    # The newsroom's own tools (static/articles/editor/newsroom.js).
    "LibraryImage": True,
    "Embed": True,
    "Isolate": True,
    "WordPaste": True,
}

# Markup of the newsroom's own editor extensions, in the shape of django-prose-editor's.
NEWSROOM_MARKUP = {
    "LibraryImage": html_tags(["figure"], {"figure": ["data-image-id"]}),
    "Embed": html_tags(["figure"], {"figure": ["data-embed"]}),
    "Isolate": html_tags(["bdi"]),
    "WordPaste": html_tags([]),
    "Link": html_tags(["a"], {"a": ["href", "title", "rel"]}),
    # The list's numbering style is the site's to choose, not each story's.
    "OrderedList": html_tags(["ol"], {"ol": ["start"]}),
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Link relations an editor may set; "noopener" is added to every link.
LINK_RELATIONS = ("nofollow",)


@cache
def allowlist():
    """Tags and attributes (nh3's arguments) derived from the editor's tools."""
    config = {"tags": set(), "attributes": {}}
    for name, options in expand_extensions(BODY_EXTENSIONS).items():
        processor = NEWSROOM_MARKUP.get(name) or EXTENSION_MAPPING[name]
        processor(options, config)
    return {
        "tags": config["tags"],
        "attributes": {tag: set(names) for tag, names in config["attributes"].items()},
    }


def _filter_attribute(tag, name, value):
    if tag == "a" and name == "rel":
        return " ".join([*(r for r in LINK_RELATIONS if r in value.lower().split()), "noopener"])
    if tag == "figure" and name == "data-image-id":
        return value if value.isascii() and value.isdigit() else None
    if tag == "figure" and name == "data-embed":
        return value if embed_for(value) else None
    return value


# nh3 escapes "<", ">" and quotes inside attribute values, so on its output a start tag ends at
# the first ">" and these patterns cannot be fooled by an attribute's text.
LINK_WITHOUT_REL = re.compile(r"<a\b(?![^>]*\srel=)([^>]*)>")
EMPTY_FIGURE = re.compile(r"<figure></figure>")
# Bodies stored before the editor wrote <b> and <i>: they become the editor's <strong> and <em>
# (nh3 leaves them without attributes, so the tags are exactly these).
LEGACY_TAGS = {"b": "strong", "i": "em"}
LEGACY_TAG = re.compile(r"<(/?)(b|i)>")


BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|blockquote|br|hr|figure|div)\b[^>]*>")
ANY_TAG = re.compile(r"<[^>]*>")


def text_of(markup: str) -> str:
    """The words a reader sees in a sanitised body: a block's edge is a word boundary
    («<p>أ</p><p>ب</p>» is two words, «<strong>أ</strong>ب» one), entities («&amp;») decoded.
    Patterns suffice on the sanitiser's output, where no attribute holds a ">"; indexing reads
    this (Django's strip_tags is ten times slower)."""
    if not markup:
        return ""
    return html.unescape(ANY_TAG.sub("", BLOCK_TAG.sub(" ", markup)))


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the markup an article body may contain."""
    if not html:
        return ""
    rules = allowlist()
    cleaned = nh3.clean(
        html,
        tags=rules["tags"] | set(LEGACY_TAGS),
        attributes=rules["attributes"],
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
    cleaned = LEGACY_TAG.sub(lambda m: f"<{m[1]}{LEGACY_TAGS[m[2]]}>", cleaned)
    cleaned = LINK_WITHOUT_REL.sub(r'<a\1 rel="noopener">', cleaned)
    cleaned = EMPTY_FIGURE.sub("", cleaned)
    # The editor's empty document is one empty paragraph: store it as empty.
    return "" if cleaned == "<p></p>" else cleaned


def sanitize_translations(obj, field):
    """Run every language's copy of a rich-text field through the sanitiser."""
    for language, _name in settings.LANGUAGES:
        attr = f"{field}_{language}"
        if hasattr(obj, attr):
            setattr(obj, attr, sanitize_html(getattr(obj, attr)))
