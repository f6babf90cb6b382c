"""Search results' snippets: the passage of a story with the most of the reader's words, those
words in <mark>, everything else escaped (articles/search.py finds the stories)."""

from functools import lru_cache

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from . import arabic
from .html import text_of
from .search import Query, word_stems


@lru_cache(maxsize=100_000)
def _stems_of_written(word):
    found = arabic.tokens(word)
    return frozenset(stem for token in found for stem in word_stems(token))


def _passage(text, query, words):
    """The `words`-long passage of `text` (HTML or plain) with the most query words, those
    words in <mark>, everything escaped, and how many words matched."""
    text = arabic.BIDI.sub("", text_of(text))
    wanted = query.stems() if isinstance(query, Query) else set()
    found = list(arabic.RAW_TOKEN.finditer(text))
    if not found:
        return conditional_escape(text.strip()), 0
    hits = [bool(_stems_of_written(match.group()) & wanted) for match in found]
    best, best_count = 0, -1
    count = sum(hits[:words])
    for start in range(max(1, len(found) - words + 1)):
        if start:
            count += hits[start + words - 1] - hits[start - 1]
        if count > best_count:
            best, best_count = start, count
    # Start a little before the first hit so it has some context.
    if best_count > 0 and hits.index(True, best) - best < 3:
        best = max(0, best - 3)
    window = found[best : best + words]
    pieces = ["…" if best else conditional_escape(text[: window[0].start()].lstrip())]
    cursor = window[0].start()
    for match, hit in zip(window, hits[best : best + words], strict=True):
        pieces.append(conditional_escape(text[cursor : match.start()]))
        word = conditional_escape(match.group())
        pieces.append(f"<mark>{word}</mark>" if hit else word)
        cursor = match.end()
    more = len(found) > best + words
    pieces.append("…" if more else conditional_escape(text[cursor:].rstrip()))
    return mark_safe("".join(pieces)), best_count  # noqa: S308 - every piece escaped above


def snippet(text, query, *, words=30):
    return _passage(text, query, words)[0]


def best_snippet(texts, query, *, words=30):
    """The snippet of the first of `texts` (body, then standfirst) where a query word is;
    the beginning of the first when none has one. Later texts are read only when needed."""
    first = None
    for text in filter(None, texts):
        passage, hits = _passage(text, query, words)
        if hits:
            return passage
        first = passage if first is None else first
    return first or ""
