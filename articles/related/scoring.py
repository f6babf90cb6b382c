"""Automatic related stories: candidates from the indexes, a score, a threshold, stored rows.

score = W_text · text similarity (tf-idf over shared stemmed terms, 0..1)
      + W_tags · shared tags / the article's tags (0..1)
      + W_section · same section (0 or 1),
multiplied by a recency factor 1 / (1 + days apart / half-life). Candidates come from two
indexed queries (shared terms, shared tags), never from a loop over every article. Only
candidates scoring at least MIN_SCORE are stored, so a story with nothing related shows an
empty box rather than noise.
"""

import math

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Max, Sum, Value, When
from django.utils import timezone

from articles.models import Article

from .models import ArticleTerm, RelatedStory
from .terms import term_weights

DEFAULTS = {
    "COUNT": 4,  # stories in the box
    "STORED": 8,  # automatic rows kept per article (spares for when one goes down)
    "WEIGHT_TEXT": 15.0,
    "WEIGHT_TAGS": 2.0,
    "WEIGHT_SECTION": 0.3,
    "MIN_SCORE": 1.0,
    "RECENCY_HALF_LIFE_DAYS": 60,
    "CANDIDATES": 200,  # read from each index
    "POSTINGS_PER_TERM": 2000,  # bulk scoring: each term's stories nearest in time
    "QUERY_TERMS": 25,  # the article's strongest terms used to find candidates
    "MAX_TERM_SHARE": 0.2,  # terms in more than this share of stories are too common to match
    "MIN_TERM_CUTOFF": 100,  # ... but never cut a term shared by fewer stories than this
}


def config():
    return {**DEFAULTS, **getattr(settings, "RELATED_STORIES", {})}


def _live():
    """Stories readers can see now: picks never fill a place with one that is not out yet."""
    return Article.objects.published()


def term_frequencies(terms=None):
    """How many stories have each term (of `terms`, or of the whole index)."""
    rows = (
        ArticleTerm.objects.all() if terms is None else ArticleTerm.objects.filter(term__in=terms)
    )
    return dict(rows.values("term").annotate(n=Count("id")).values_list("term", "n"))


def corpus():
    """What scoring many stories in a row can share: the live count and every term's
    frequency, read once (an import scores thousands of stories)."""
    return {"total": max(_live().count(), 1), "frequencies": term_frequencies()}


def _idf(terms, total, frequencies):
    return {term: math.log((1 + total) / (1 + frequencies.get(term, 0))) + 1 for term in terms}


def query_terms(weights, total, frequencies, conf):
    """The article's strongest terms not too common to match, each with its weight in the
    similarity (tf · idf²), and the article's similarity to itself (to scale into 0..1)."""
    idf = _idf(list(weights), total, frequencies)
    # In a large archive, terms most stories share are noise and slow to aggregate.
    too_common = max(conf["MAX_TERM_SHARE"] * total, conf["MIN_TERM_CUTOFF"])
    chosen = sorted(
        (t for t in weights if frequencies.get(t, 0) <= too_common),
        key=lambda t: weights[t] * idf[t],
        reverse=True,
    )[: conf["QUERY_TERMS"]]
    query_weight = {t: weights[t] * idf[t] * idf[t] for t in chosen}
    self_score = sum(weights[t] * query_weight[t] for t in chosen) or 1.0
    return query_weight, self_score


def text_candidates(article, weights, conf, shared=None):
    """Stories sharing the article's strongest uncommon terms, with a 0..1 similarity."""
    if not weights:
        return {}
    total = shared["total"] if shared else max(_live().count(), 1)
    frequencies = shared["frequencies"] if shared else term_frequencies(list(weights))
    query_weight, self_score = query_terms(weights, total, frequencies, conf)
    if not query_weight:
        return {}
    rows = (
        ArticleTerm.objects.filter(term__in=list(query_weight))
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(
            similarity=Sum(
                Case(
                    *(When(term=t, then=F("weight") * Value(w)) for t, w in query_weight.items()),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
            )
        )
        .order_by("-similarity")[: conf["CANDIDATES"]]
    )
    return {row["article_id"]: min(row["similarity"] / self_score, 1.0) for row in rows}


def tag_candidates(article, tag_ids, conf):
    """Stories sharing tags with the article, with the share of the article's tags they have."""
    if not tag_ids:
        return {}
    rows = (
        Article.tags.through.objects.filter(
            tag_id__in=tag_ids,
            article__status__in=Article.LIVE_STATUSES,
            article__published_at__lte=timezone.now(),
        )
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(shared=Count("tag_id"), newest=Max("article__published_at"))
        # With a common tag («الكويت») many share it: the most tags first, then the newest.
        .order_by("-shared", "-newest")[: conf["CANDIDATES"]]
    )
    return {row["article_id"]: row["shared"] / len(tag_ids) for row in rows}


def score_candidates(article, *, weights=None, shared=None):
    """(story id, score) for the candidates above the threshold, best first."""
    conf = config()
    weights = term_weights(article) if weights is None else weights
    tag_ids = list(article.tags.values_list("pk", flat=True))
    text = text_candidates(article, weights, conf, shared)
    tags = tag_candidates(article, tag_ids, conf)
    candidate_ids = set(text) | set(tags)
    if not candidate_ids:
        return []
    pinned = set(
        RelatedStory.objects.filter(article=article, is_pinned=True).values_list("story", flat=True)
    )
    live = (
        _live()
        .filter(pk__in=candidate_ids - pinned)
        .values_list("pk", "section_id", "published_at")
    )
    return combine(article, text, tags, live, conf)


def combine(article, text, tags, candidates, conf):
    """Score `candidates` ((id, section id, publication time) of live stories) from their text
    similarity and shared tags; those above the threshold, best first."""
    reference = article.published_at
    half_life = conf["RECENCY_HALF_LIFE_DAYS"]
    scored = []
    for pk, section_id, published_at in candidates:
        score = (
            conf["WEIGHT_TEXT"] * text.get(pk, 0.0)
            + conf["WEIGHT_TAGS"] * tags.get(pk, 0.0)
            + conf["WEIGHT_SECTION"] * (section_id == article.section_id)
        )
        if reference and published_at:
            days_apart = abs((reference - published_at).total_seconds()) / 86400
            score /= 1 + days_apart / half_life
        if score >= conf["MIN_SCORE"]:
            scored.append((pk, round(score, 4)))
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored


def recompute_related(article, *, refresh_neighbours=False, weights=None, shared=None):
    """Store `article`'s automatic picks; with `refresh_neighbours`, also recompute the lists
    of the stories it now points to, whose lists it may enter. `shared` (from `corpus()`)
    saves re-reading the index's statistics when scoring many stories in a row."""
    conf = config()
    scored = store_related(article, score_candidates(article, weights=weights, shared=shared))
    if refresh_neighbours:
        for neighbour in _live().filter(pk__in=[pk for pk, _ in scored[: conf["COUNT"]]]):
            recompute_related(neighbour)
    return scored


def store_related(article, scored):
    """Replace `article`'s automatic rows with the best of `scored`."""
    scored = scored[: config()["STORED"]]
    with transaction.atomic():
        RelatedStory.objects.filter(article=article, is_pinned=False).delete()
        RelatedStory.objects.bulk_create(
            RelatedStory(article=article, story_id=pk, score=score) for pk, score in scored
        )
    return scored
