"""Sanitising of the rich-text article body with nh3 (the ammonia sanitiser).

Editors may use paragraphs, sub-headings, quotes, lists, links and emphasis; scripts, styles,
event attributes and `javascript:` links never reach the database.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "blockquote", "q", "cite", "ul", "ol", "li",
    "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "hr", "figure", "figcaption",
    "abbr", "bdi", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "*": {"dir", "lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the markup an article body may contain."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
