"""Terms of an article for matching: Arabic normalisation, stopwords, Snowball stemming.

The same `normalize_arabic` as search and comment word lists folds spelling variants
(«الإسلامية» / «الاسلامية», «سورية» / «سوريه») before stemming, so variants share a term.
"""

import math
import re
from collections import Counter
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

import snowballstemmer
from django.utils.html import strip_tags

from articles.text import normalize_arabic

from .models import ArticleTerm

# How much a word counts by where it stands in the story.
FIELD_WEIGHTS = (("headline_ar", 3.0), ("standfirst_ar", 2.0), ("body_ar", 1.0))
MAX_TERMS_PER_ARTICLE = 60
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("arabic")


@cache
def stopwords():
    path = Path(__file__).with_name("stopwords_ar.txt")
    words = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(normalize_arabic(w) for w in words if w and not w.startswith("#"))


# The article and the conjunctions/prepositions fused with it. Snowball's Arabic stemmer
# strips suffixes differently with and without «ال» («الصكوك» → صكوك, «صكوك» → صكو), so the
# prefix goes first and every spelling reaches the stemmer in the same shape.
_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال")


@lru_cache(maxsize=200_000)
def stem(word):
    """Stem of a normalised word: prefix removed, the final ه read as ة (the normalised
    spelling folds ة into ه; the stemmer knows ة as a suffix), Snowball, then folded again."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    if word.endswith("ه"):
        word = word[:-1] + "ة"
    return _STEMMER.stemWord(word).replace("ة", "ه")[:64]


def terms_of(text):
    """The stemmed, normalised content words of `text`, in order."""
    stop = stopwords()
    words = _WORD.findall(normalize_arabic(strip_tags(text or "")))
    return [stem(word) for word in words if word not in stop and len(word) > 2]


def term_weights(article):
    """Term → weight (L2-normalised, position-weighted term frequency) for `article`."""
    counts = Counter()
    for field, weight in FIELD_WEIGHTS:
        for term in terms_of(getattr(article, field, "")):
            if len(term) > 1:
                counts[term] += weight
    top = counts.most_common(MAX_TERMS_PER_ARTICLE)
    norm = math.sqrt(sum(value * value for _, value in top)) or 1.0
    return {term: value / norm for term, value in top}


def index_article(article):
    """Replace `article`'s rows in the term index."""
    weights = term_weights(article)
    ArticleTerm.objects.filter(article=article).delete()
    ArticleTerm.objects.bulk_create(
        ArticleTerm(article=article, term=term, weight=weight) for term, weight in weights.items()
    )
    return weights


def index_articles(articles):
    """`index_article` for many stories: one delete, inserts in batches. Returns each story's
    term weights by id."""
    weights = {article.pk: term_weights(article) for article in articles}
    ArticleTerm.objects.filter(article_id__in=list(weights)).delete()
    rows = (
        ArticleTerm(article_id=pk, term=term, weight=weight)
        for pk, terms in weights.items()
        for term, weight in terms.items()
    )
    insert_in_batches(ArticleTerm, rows)
    return weights


def insert_in_batches(model, rows, size=5000):
    """bulk_create a generator a batch at a time (bulk_create itself makes a list of it all)."""
    stored = 0
    while batch := list(islice(rows, size)):
        stored += len(model.objects.bulk_create(batch))
    return stored
