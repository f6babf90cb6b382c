"""Search documents per story and language (articles/search.py): a weighted tsvector with a
GIN index on PostgreSQL, an FTS5 table on SQLite; each carries the story's status and
publication time (what decides whether readers may see it). The old normalised text column
goes."""

from django.db import migrations

POSTGRESQL = """
CREATE TABLE articles_search (
    article_id integer NOT NULL,
    language varchar(2) NOT NULL,
    sole boolean NOT NULL,
    status varchar(20) NOT NULL,
    published_at timestamp with time zone NULL,
    document tsvector NOT NULL,
    PRIMARY KEY (article_id, language)
);
CREATE INDEX articles_search_document ON articles_search USING gin (document);
"""
# The row id is the story's id × 4 + which document (articles/search_index.py: _rowid). Tokens are
# written space-separated; "=" marks an exact form, and "+", "-" and "#" belong to tokens such as C++, F-35 and C#.
SQLITE = """
CREATE VIRTUAL TABLE articles_search USING fts5(
    h, s, b, words UNINDEXED, status UNINDEXED, published_at UNINDEXED,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '=+-#'"
);
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise RuntimeError(f"Search needs PostgreSQL or SQLite, not {vendor}.")
    for statement in (POSTGRESQL if vendor == "postgresql" else SQLITE).split(";"):
        if statement.strip():
            schema_editor.execute(statement)
    from articles import search_index

    # The engine of this release writes them; `manage.py rebuild_search_index` does the same.
    alias = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    batch = []
    for article in Article.objects.using(alias).iterator(chunk_size=500):
        batch.append(article)
        if len(batch) == 500:
            search_index.index(batch, using=alias)
            batch = []
    search_index.index(batch, using=alias)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE articles_search")


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_comment_threads")]

    operations = [
        migrations.RemoveField(model_name="article", name="search_document"),
        migrations.RunPython(create, drop),
    ]
