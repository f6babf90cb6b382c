"""Terms of an article for matching: the Arabic pipeline of `articles.arabic` (spelling
folded, particles and the article removed, Snowball stems), without stopwords.

Related stories use each word's reading as written («بغزة» stays apart from «غزة» here, where
search joins them): a term index wants one term per word.
"""

import math
from collections import Counter
from itertools import islice

from articles import arabic
from articles.html import text_of

from .models import ArticleTerm

# How much a word counts by where it stands in the story.
FIELD_WEIGHTS = (("headline_ar", 3.0), ("standfirst_ar", 2.0), ("body_ar", 1.0))
MAX_TERMS_PER_ARTICLE = 60


def terms_of(text):
    """The stemmed, normalised content words of `text`, in order."""
    stop = arabic.stopwords()
    words = arabic.tokens(text_of(text or ""))
    return [
        arabic.stems(word)[0]
        for word in words
        if word not in stop and len(word) > 2 and not word.isdigit()
    ]


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


def forget_articles(article_ids):
    """Drop these stories' rows from the term index (a story that came down, or whose text an
    import changed and will index anew)."""
    ArticleTerm.objects.filter(article_id__in=list(article_ids)).delete()


def index_article(article):
    """Replace `article`'s rows in the term index."""
    weights = term_weights(article)
    forget_articles([article.pk])
    ArticleTerm.objects.bulk_create(
        ArticleTerm(article=article, term=term, weight=weight) for term, weight in weights.items()
    )
    return weights


def index_articles(articles):
    """`index_article` for many stories: one delete, inserts in batches. Returns each story's
    term weights by id."""
    from newsportal.bulk import insert_rows

    weights = {article.pk: term_weights(article) for article in articles}
    forget_articles(weights)
    rows = ((pk, term, weight) for pk, terms in weights.items() for term, weight in terms.items())
    insert_rows(ArticleTerm, ("article", "term", "weight"), rows)
    return weights


def insert_in_batches(model, rows, size=5000):
    """bulk_create a generator a batch at a time (bulk_create itself makes a list of it all)."""
    stored = 0
    while batch := list(islice(rows, size)):
        stored += len(model.objects.bulk_create(batch))
    return stored
