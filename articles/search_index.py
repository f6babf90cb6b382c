"""The search index: each story's search documents written, replaced and removed.

What a document holds and how it is queried: articles/search.py. Here each story's headline,
standfirst and body per language are read through `articles.arabic` into the weighted
`tsvector` PostgreSQL keeps (GIN index) or the FTS5 row SQLite keeps (with the word positions
a quoted phrase is checked against), on a story's save, after an import, by the bulk seeder
and by `manage.py rebuild_search_index`.
"""

from django.db import DEFAULT_DB_ALIAS, connections

from . import arabic
from .html import text_of
from .search import EXACT, FIELDS, MAX_POSITION, MAX_TOKEN, TABLE, quoted_lexeme, word_stems


def _fields(article, language):
    """headline, standfirst and body of `language`, each falling back to Arabic like the
    pages do; None when the story has no version in `language`."""
    if not article.has_version(language):
        return None
    return [
        text_of(getattr(article, f"{name}_{language}", "") or getattr(article, f"{name}_ar", ""))
        for name, _weight in FIELDS
    ]


def _analysed(texts):
    """Per field, the words of the text as (exact form, stems)."""
    return [[(word, word_stems(word)) for word in arabic.tokens(text)] for text in texts]


def tsvector(fields):
    """A tsvector literal: each word's stems and exact form at its position, with its
    field's weight."""
    positions = {}
    position = 0
    for words, (_name, weight) in zip(fields, FIELDS, strict=True):
        position += 1
        for exact, stems in words:
            position += 1
            spot = f"{min(position, MAX_POSITION)}{weight}"
            for lexeme in (*stems, EXACT + exact[:MAX_TOKEN]):
                spots = positions.setdefault(lexeme, [])
                if len(spots) < 255:
                    spots.append(spot)
    return " ".join(f"{quoted_lexeme(lex)}:{','.join(spots)}" for lex, spots in positions.items())


def _fts_row(fields):
    """FTS5 columns h, s, b (stems and exact forms as tokens) and the word positions."""
    columns = [
        " ".join(token for exact, stems in words for token in (*stems, EXACT + exact[:MAX_TOKEN]))
        for words in fields
    ]
    positions = "\n".join(" ".join("|".join(stems) for _exact, stems in words) for words in fields)
    return [*columns, positions]


def _rowid(pk, language, sole):
    """SQLite's row of a document: the story's id and which document it is, so that both are
    read from the row id alone (0: Arabic, 1: English, 2: Arabic of a story without English)."""
    return pk * 4 + (1 if language == "en" else 2 if sole else 0)


def index(articles, *, using=None):
    """Write the search documents of `articles` (replacing what was there)."""
    write(*documents(articles, using=using), using=using)


def documents(articles, *, using=None):
    """The search documents of `articles` as `write` takes them: their ids and the rows,
    analysed apart from the writing (a bulk writer prepares them outside its transaction)."""
    connection = connections[using or DEFAULT_DB_ALIAS]
    articles = list(articles)
    rows = []
    for article in articles:
        english = _fields(article, "en")
        # Whether readers may see it travels with the document, so that a search needs no
        # join to the stories until it has its window.
        shown = (article.status, connection.ops.adapt_datetimefield_value(article.published_at))
        for language, texts in (("ar", _fields(article, "ar")), ("en", english)):
            if texts is not None:
                rows.append((article.pk, language, english is None, *shown, _analysed(texts)))
    if connection.vendor == "postgresql":
        rows = [(*row[:5], tsvector(row[5])) for row in rows]
    else:
        rows = [(_rowid(*row[:3]), *_fts_row(row[5]), *row[3:5]) for row in rows]
    return [article.pk for article in articles], rows


def write(ids, rows, *, using=None):
    """Replace the documents of the stories `ids` with `rows` (from `documents`)."""
    if not ids:
        return
    connection = connections[using or DEFAULT_DB_ALIAS]
    remove(ids, using=using)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"INSERT INTO {TABLE} (article_id, language, sole, status, published_at, "
                "document) VALUES (%s, %s, %s, %s, %s, %s::tsvector)",
                rows,
            )
        else:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, h, s, b, words, status, published_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                rows,
            )


def index_imported(sender, article_ids, **kwargs):
    """After an import's commit: its stories' documents, a batch at a time (`articles_imported`;
    their saves left them out)."""
    from .models import Article

    ids = sorted(article_ids)
    for start in range(0, len(ids), 500):
        index(Article.objects.filter(pk__in=ids[start : start + 500]))


def remove(ids, *, using=None):
    connection = connections[using or DEFAULT_DB_ALIAS]
    ids = list(ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id IN ({marks})", ids)
        else:
            rowids = [pk * 4 + code for pk in ids for code in range(3)]
            marks = ", ".join(["%s"] * len(rowids))
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", rowids)


def story_deleted(sender, instance, **kwargs):
    remove([instance.pk])
