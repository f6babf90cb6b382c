"""WordPress post content → a story body the editor makes.

Classic posts get WordPress's paragraph rules (wpautop: blank lines make paragraphs, single
line breaks `<br>`); block posts lose their block comments and keep their HTML; `[caption]`
shortcodes, `wp:image` blocks and `wp-image-N` pictures become library references
(`<figure data-image-id>`); other shortcodes are removed and counted. The result then goes
through the site's sanitiser on save, like anything else.
"""

import html
import re
from collections import Counter

from ..embeds import embed_for

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.DOTALL)
BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li"
    "|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
STARTS_WITH_BLOCK = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.IGNORECASE)
# wpautop's first step: a block tag stands apart from the text around it, so that the words
# after a «</ul>» are a paragraph of their own even without a blank line before them.
BLOCK_OPENING = re.compile(rf"(<(?:{BLOCK_TAGS})\b[^>]*>)", re.IGNORECASE)
BLOCK_CLOSING = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
# The inner parts stop at the next opening of the same kind ("tempered"), so a text full of
# openings without their closings is read once, not once per opening.
CAPTION = re.compile(
    r"\[caption\b([^\]]*)\]((?:[^\[]|\[(?!/?caption\b))*)\[/caption\]", re.IGNORECASE
)
# WordPress shortcode names are lower case: «[AFP]» in a text is left alone.
SHORTCODE = re.compile(r"\[(/?)([a-z_][a-z0-9_-]*)(?:\s[^\]]*)?\]")
MEDIA_SHORTCODE = re.compile(
    r"\[(embed|video|audio|playlist|gallery)\b[^\]]*\](?:((?:[^\[]|\[(?!/?\1\b))*)\[/\1\])?"
)
EMBED_URL = re.compile(r"https://[^\s<>\"\]]+")
BARE_URL_LINE = re.compile(r"^\s*(https://[^\s<>\"]+)\s*$", re.MULTILINE)
FIGURE = re.compile(r"<figure\b[^>]*>(?:[^<]|<(?!/?figure\b))*</figure>", re.IGNORECASE)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTACHMENT_ID = re.compile(r'\bid="?attachment_(\d+)', re.IGNORECASE)
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
SRC = re.compile(r'\bsrc="([^"]*)"', re.IGNORECASE)
FIGCAPTION = re.compile(
    r"<figcaption\b[^>]*>((?:[^<]|<(?!/?figcaption\b))*)</figcaption>", re.IGNORECASE
)
PARAGRAPH_OF_FIGURE = re.compile(r"<p>\s*(<figure data-[a-z-]+=\"[^\"]*\"></figure>)\s*</p>")
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")


def wpautop(text):
    """WordPress's paragraph rules, for posts written in the classic editor."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    text = BLOCK_CLOSING.sub(r"\1\n\n", BLOCK_OPENING.sub(r"\n\n\1", text))
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_WITH_BLOCK.match(chunk):
            blocks.append(chunk)
        else:
            blocks.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(blocks)


def is_block_content(text):
    return "<!-- wp:" in text


class PictureFinder:
    """Which imported library picture an `<img>` or `[caption]` means: by the attachment id
    WordPress wrote (`attachment_24`, `wp-image-24`), or by its file address (any size)."""

    def __init__(self, images_by_wp_id, images_by_url):
        self.by_id = images_by_wp_id
        self.by_url = images_by_url

    def find(self, markup):
        for pattern in (ATTACHMENT_ID, WP_IMAGE_CLASS):
            match = pattern.search(markup)
            if match and int(match[1]) in self.by_id:
                return self.by_id[int(match[1])]
        src = SRC.search(markup)
        if src:
            url = SIZE_SUFFIX.sub("", html.unescape(src[1]).split("?")[0])
            return self.by_url.get(url)
        return None


def convert(text, pictures, counts=None, missing=None):
    """The body for `text` (a post's content:encoded), with pictures as library references.
    `counts` (a Counter) receives the shortcodes removed, by name; `missing` (a list) the
    pictures left out because the library has no such picture (their addresses)."""
    counts = counts if counts is not None else Counter()
    missing = missing if missing is not None else []

    def left_out(markup):
        src = SRC.search(markup)
        missing.append(html.unescape(src[1]) if src else "?")
        return ""

    if is_block_content(text):
        body = re.sub(r"\n\s*\n+", "\n", BLOCK_COMMENT.sub("", text))
    else:
        # WordPress turns a post's address alone on its line into the provider's player.
        body = wpautop(BARE_URL_LINE.sub(lambda m: _embed(m[1]) or m[0], text))

    def media(match):
        found = _embed((match[2] or "").strip()) if match[1] == "embed" else ""
        if not found:
            counts[match[1]] += 1
        return found

    def caption(match):
        image = pictures.find(match[0])
        return _reference(image) if image else left_out(match[0])

    def figure(match):
        if "wp-block-embed" in match[0]:
            url = EMBED_URL.search(match[0])
            return (_embed(html.unescape(url[0])) if url else "") or ""
        image = pictures.find(match[0])
        if image:
            return _reference(image)
        return IMG.sub(lambda m: left_out(m[0]), FIGCAPTION.sub("", match[0]))

    def picture(match):
        image = pictures.find(match[0])
        return _reference(image) if image else left_out(match[0])

    body = MEDIA_SHORTCODE.sub(media, body)
    body = CAPTION.sub(caption, body)
    body = FIGURE.sub(figure, body)
    body = IMG.sub(picture, body)

    def shortcode(match):
        if not match[1]:
            counts[match[2].lower()] += 1
        return ""

    body = SHORTCODE.sub(shortcode, body)
    # A picture alone in a paragraph (classic posts) is a figure of its own.
    return PARAGRAPH_OF_FIGURE.sub(r"\1", body).strip()


def _embed(url):
    found = embed_for(url)
    return f'<figure data-embed="{html.escape(found.url)}"></figure>' if found else ""


def _reference(image):
    return f'<figure data-image-id="{image.pk}"></figure>'
