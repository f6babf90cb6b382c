"""Arabic text helpers shared by slugs, search, related stories and comment word lists."""

import re
import unicodedata

from django.utils.text import slugify

_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
TATWEEL = "\u0640"
# Arabic harakat, tanween, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")


def strip_diacritics(text: str) -> str:
    return _DIACRITICS.sub("", text).replace(TATWEEL, "")


def normalize_arabic(text: str) -> str:
    """Fold the spelling variants readers and writers mix: alef forms, ة/ه, ى/ي, tatweel,
    diacritics and letter case, so that «الإسلامية» and «الاسلاميه» compare equal."""
    text = unicodedata.normalize("NFKC", text or "")
    return strip_diacritics(text).translate(_ALEF_FORMS).casefold()


def slugify_headline(headline: str, max_length: int = 100) -> str:
    """A Unicode slug (Arabic letters kept) cut at a word boundary to `max_length` characters."""
    slug = slugify(strip_diacritics(headline or ""), allow_unicode=True)
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]


def excerpt(text: str, length: int = 140) -> str:
    """`text` cut at the last word boundary before `length` characters, ending with "…"."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = text[: length + 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    else:
        cut = cut[:length]
    return cut.rstrip(" ،,.;:؛-–—") + "…"
