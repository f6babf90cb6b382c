"""Search, one engine for the reader's search page and the admin.

Each story has a search document per language (`articles_search`): its headline (weight A),
standfirst (B) and body (C) read through `articles.arabic`, each word stored as the stems of
its readings (so «بغزة» is found by «غزة», «اللاعبين» by «لاعب») plus its exact normalised
form marked with "=" (an exact-form match ranks above a stem-only one). Fields are a position
apart, so a quoted phrase never spans two of them.

PostgreSQL keeps the document as a weighted `tsvector` with a GIN index, queried with a
`tsquery` built here and ranked by `ts_rank_cd`. SQLite keeps it in an FTS5 table ranked by
`bm25`, with quoted phrases checked against the stored word positions. Both answer the same
query with the same stories. The documents are written by articles/search_index.py; the
snippets are drawn from the story's text (articles/snippets.py), the same on both.

Every word of a query must match (in any of its forms), except `-word`, which must not;
"a phrase" matches its words together. An English document exists only for stories with an
English headline; English searches read the Arabic document of the others, since that is
what their English page shows.
"""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, product

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.expressions import RawSQL
from django.utils import timezone

from . import arabic

TABLE = "articles_search"
FIELDS = (("headline", "A"), ("standfirst", "B"), ("body", "C"))
MAX_QUERY = 200
MAX_WORDS = 10
MAX_TOKEN = 60
RANK_WINDOW = 1000
MAX_COMBINATIONS = 27  # readings of a quoted phrase's words tried together on SQLite
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
EXACT = "="
# PostgreSQL weights {D, C, B, A}; SQLite's bm25 column weights for h, s, b.
PG_WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
FTS_WEIGHTS = "10.0, 4.0, 1.0"
_QUOTED = re.compile(r'(-?)"([^"]*)"?')


# --- Queries ---------------------------------------------------------------------------------


def clean(text):
    """The query as the reader's words: no NUL, controls or bidi overrides, spaces folded,
    at most MAX_QUERY characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text or ""))
    text = arabic.BIDI.sub("", text)
    return " ".join(text.split())[:MAX_QUERY]


@dataclass
class Query:
    text: str
    words: list = field(default_factory=list)  # each: the stems any of its forms may take
    phrases: list = field(default_factory=list)  # each: a list of words, in order
    excluded: list = field(default_factory=list)
    excluded_phrases: list = field(default_factory=list)
    exact: list = field(default_factory=list)  # exact forms, for ranking

    def __bool__(self):
        return bool(self.words or self.phrases)

    def stems(self):
        return {stem for word in self.words + sum(self.phrases, []) for stem in word}


@lru_cache(maxsize=200_000)
def word_stems(token):
    return tuple(stem for stem in arabic.stems(token[:MAX_TOKEN]) if stem) or (token[:MAX_TOKEN],)


def parse(text):
    """A reader's query: words, "quoted phrases", and -word or -"phrase" left out, like
    websearch_to_tsquery. Stopwords are dropped from the words unless nothing else is left."""
    query = Query(clean(text))
    plain, excluded = [], []
    for minus, quoted in _QUOTED.findall(query.text):
        words = arabic.tokens(quoted)[:MAX_WORDS]
        if len(words) > 1:
            phrase = [word_stems(word) for word in words]
            (query.excluded_phrases if minus else query.phrases).append(phrase)
            query.exact += [] if minus else words
        else:
            (excluded if minus else plain).extend(words)
    for part in _QUOTED.sub(" ", query.text).split():
        target = excluded if part.startswith("-") and len(part) > 1 else plain
        target.extend(arabic.tokens(part))
    stop = arabic.stopwords()
    kept = [word for word in plain if word not in stop] or plain
    kept = list(dict.fromkeys(kept))[:MAX_WORDS]
    query.words = [word_stems(word) for word in kept]
    query.exact += kept
    query.excluded = [word_stems(word) for word in dict.fromkeys(excluded)][:MAX_WORDS]
    return query


# --- Matching --------------------------------------------------------------------------------


def quoted_lexeme(lexeme):
    """A lexeme as PostgreSQL's tsvector and tsquery literals write it."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(query):
    def word(stems):
        return "(" + " | ".join(quoted_lexeme(stem) for stem in stems) + ")"

    parts = [word(stems) for stems in query.words]
    parts += ["(" + " <-> ".join(word(stems) for stems in phrase) + ")" for phrase in query.phrases]
    parts += [f"!{word(stems)}" for stems in query.excluded]
    parts += ["!(" + " <-> ".join(word(stems) for stems in p) + ")" for p in query.excluded_phrases]
    return " & ".join(parts)


def _fts_query(query):
    def word(stems):
        return "(" + " OR ".join(f'"{stem}"' for stem in stems) + ")"

    def near(phrase):
        # Each word is stored as up to four tokens (its stems and exact form), so a phrase's
        # words stand within 8 tokens of each other; their order and adjacency are then
        # checked against the stored positions (search_phrases).
        combinations = list(islice(product(*phrase), MAX_COMBINATIONS + 1))
        if len(combinations) > MAX_COMBINATIONS:  # too many to list: all the words, anywhere
            return " AND ".join(word(stems) for stems in phrase)
        distance = 8 * (len(phrase) - 1)
        groups = (" ".join(f'"{stem}"' for stem in combo) for combo in combinations)
        return "(" + " OR ".join(f"NEAR({group}, {distance})" for group in groups) + ")"

    parts = [word(stems) for stems in query.words] + [near(p) for p in query.phrases]
    expression = " AND ".join(parts)
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(word(s) for s in query.excluded)})"
    return expression


def _exact(query, vendor):
    forms = [EXACT + form[:MAX_TOKEN] for form in dict.fromkeys(query.exact)]
    if vendor == "postgresql":
        return " | ".join(quoted_lexeme(form) for form in forms)
    return " OR ".join(f'"{form}"' for form in forms)


def _match(query, vendor, language):
    """The SQL (FROM and WHERE, with parameters) of the documents in `language` ("any": all
    of them) matching `query`, naming the story's id `story` and the document `doc`, and
    what orders them by story id."""
    if vendor == "postgresql":
        where = ["doc.document @@ %s::tsquery"]
        if language == "ar":
            where.append("doc.language = 'ar'")
        elif language != "any":
            where.append("(doc.language = %s OR doc.sole)")
        params = [_tsquery(query)] + ([language] if language not in ("ar", "any") else [])
        return f"{TABLE} doc", "doc.article_id", " AND ".join(where), params, "doc.article_id"
    where, params = [f"{TABLE} MATCH %s"], [_fts_query(query)]
    if language != "any":
        where.append(f"{TABLE}.rowid %% 4 IN ({'0, 2' if language == 'ar' else '1, 2'})")
    if query.phrases:
        where.append(f"search_phrases({TABLE}.words, %s)")
        params.append(json.dumps([[list(stems) for stems in p] for p in query.phrases]))
    for phrase in query.excluded_phrases:
        where.append(f"NOT search_phrases({TABLE}.words, %s)")
        params.append(json.dumps([[list(stems) for stems in phrase]]))
    # Ordering by the row id itself (not the story's id drawn from it) lets FTS5 walk the
    # matches newest first and stop at the window.
    return TABLE, f"{TABLE}.rowid / 4", " AND ".join(where), params, f"{TABLE}.rowid"


def _score(query, vendor):
    """The relevance of a matching document (higher is better), with parameters."""
    exact = _exact(query, vendor)
    if vendor == "postgresql":
        score = f"ts_rank_cd('{PG_WEIGHTS}', doc.document, %s::tsquery)"
        return f"{score} + {score}", [_tsquery(query), exact]
    return f"-bm25({TABLE}, {FTS_WEIGHTS})", []


def matching(queryset, query, *, language="any"):
    """`queryset` narrowed to the stories with a document in `language` ("any", as the admin
    searches: every document) matching `query`. An empty query matches nothing."""
    if not isinstance(query, Query):
        query = parse(query)
    if not query:
        return queryset.none()
    table, story, where, params, _ = _match(query, connections[queryset.db].vendor, language)
    return queryset.filter(pk__in=RawSQL(f"SELECT {story} FROM {table} WHERE {where}", params))


def find(query, *, language, section=None, since=None, until=None, order="relevance"):
    """The ids of the live stories matching `query` in `language`, best first (or newest
    first with order="newest"). Among more than RANK_WINDOW matches, the RANK_WINDOW + 1 most
    recently added are ranked (one more than the window says there were more), so a common
    word costs the same at any archive size. Optional filters: a section id and a
    publication time range [since, until)."""
    if not isinstance(query, Query):
        query = parse(query)
    if not query:
        return []
    from newsportal.replicas import reading_alias

    from .models import Article

    connection = connections[reading_alias()]  # a reader's search reads from a replica
    vendor = connection.vendor
    table, story, where, params, newest = _match(query, vendor, language)
    if vendor == "sqlite" and (exact := _exact(query, vendor)):
        # The same stories; bm25 also counts the exact forms, so they rank higher.
        params[0] = f"({params[0]}) AND ({exact} OR ({params[0]}))"
    doc = "doc" if vendor == "postgresql" else TABLE
    adapt = connection.ops.adapt_datetimefield_value
    where += f" AND {doc}.status IN (%s, %s) AND {doc}.published_at <= %s"
    params += [*Article.LIVE_STATUSES, adapt(timezone.now())]
    if section is not None:
        where += f" AND {story} IN (SELECT id FROM articles_article WHERE section_id = %s)"
        params.append(section)
    for condition, value in (("{}.published_at >= %s", since), ("{}.published_at < %s", until)):
        if value is not None:
            where += " AND " + condition.format(doc)
            params.append(adapt(value))
    score, score_params = _score(query, vendor)
    first = "score DESC, " if order != "newest" else ""
    if vendor == "postgresql":
        # The window holds each story's document; only its RANK_WINDOW rows are scored.
        window = (
            f"SELECT {story} AS id, doc.published_at AS published_at, doc.document AS document"
            f" FROM {table} WHERE {where} ORDER BY {newest} DESC LIMIT {RANK_WINDOW + 1}"
        )
        score = score.replace("doc.document", "w.document")
        sql = (
            f"SELECT id FROM (SELECT id, published_at, {score} AS score FROM ({window}) w) r"
            f" ORDER BY {first}published_at DESC, id DESC"
        )
        params = score_params + params
    else:
        # bm25 is read while FTS5 walks the matches, newest first, and stops at the window.
        window = (
            f"SELECT {story} AS id, {TABLE}.published_at AS published_at, {score} AS score"
            f" FROM {table} WHERE {where} ORDER BY {newest} DESC LIMIT {RANK_WINDOW + 1}"
        )
        sql = f"SELECT id FROM ({window}) w ORDER BY {first}published_at DESC, id DESC"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@lru_cache(maxsize=64)
def _phrases(phrases):
    return json.loads(phrases)


def _phrases_in(words, phrases):
    """SQLite's check of quoted phrases: each phrase's words at consecutive positions of one
    field (a word matches when its stems meet the phrase word's)."""
    phrases = _phrases(phrases)
    fields = [
        [set(word.split("|")) for word in line.split(" ") if word] for line in words.split("\n")
    ]
    for phrase in phrases:
        wanted = [set(stems) for stems in phrase]
        if not any(
            all(wanted[k] & line[start + k] for k in range(len(wanted)))
            for line in fields
            for start in range(len(line) - len(wanted) + 1)
        ):
            return False
    return True


def _register(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("search_phrases", 2, _phrases_in, deterministic=True)


connection_created.connect(_register)
