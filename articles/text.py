"""Slugs and excerpts of headlines and text (Arabic spelling itself lives in articles/arabic.py)."""

from django.utils.text import slugify

from .arabic import strip_diacritics


def slugify_headline(headline: str, max_length: int = 100) -> str:
    """A Unicode slug (Arabic letters kept) cut at a word boundary to `max_length` characters."""
    slug = slugify(strip_diacritics(headline or ""), allow_unicode=True)
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]


def excerpt(text: str, length: int = 140, *, teaser: bool = False) -> str:
    """`text` cut at the last word boundary before `length` characters, ending with "…"; a
    shorter text is kept whole, and with `teaser` ends with "…" too (a box of other stories)."""
    text = " ".join((text or "").split())
    if len(text) > length:
        cut = text[: length + 1]
        cut = cut[: cut.rfind(" ")] if " " in cut else cut[:length]
    elif teaser and text:
        cut = text
    else:
        return text
    return cut.rstrip(" ،,.;:؛-–—…") + "…"
