"""`manage.py seed_bulk`: a newsroom of the asked size, consistent as the site keeps it."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from articles import search
from articles.models import Article
from articles.related.models import RelatedStory
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_seed_bulk_writes_a_consistent_newsroom_with_a_summary():
    out, err = StringIO(), StringIO()
    call_command("seed_bulk", "--articles", "300", "--comments", "2", stdout=out, stderr=err)
    assert Article.objects.count() == 300
    live = Article.objects.published()
    assert 280 <= live.count() < 300  # a few drafts and scheduled stories among them
    assert live.filter(lead_image__isnull=False).count() == live.count()
    assert live.exclude(headline_en="").exclude(headline_en__isnull=True).count() > 30
    assert all(story.tags.count() == 3 and story.authors.count() == 1 for story in live[:20])
    for story in live.filter(comment_count__gt=0)[:20]:
        assert Comment.objects.approved().filter(article=story).count() == story.comment_count
    newest = live.order_by("-published_at").first()
    assert RelatedStory.objects.filter(article=newest).exists()
    word = newest.headline.split()[0]
    assert newest.pk in search.find(word, language="ar")
    assert "300 stories" in out.getvalue() and "stories: 100%" in err.getvalue()
    call_command("seed_bulk", "--articles", "10", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == 310  # numbered after those already there


def _newsroom(first):
    """The stories from `first` on, as they read whatever their ids and times."""
    stories = Article.objects.filter(pk__gte=first).order_by("pk").prefetch_related("tags")
    return [
        (story.pk - first, story.headline, story.status, story.section_id, story.comment_count,
         sorted(tag.slug for tag in story.tags.all()))
        for story in stories
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_several_processes_write_the_newsroom_one_process_writes():
    """`--jobs 2` writes batches in two forked processes where the database can be shared
    (PostgreSQL; the tests' SQLite lives in memory, so there one process does it all), and
    the newsroom is the same: each batch draws from its own seed."""
    out = StringIO()
    many = ("--articles", "250", "--batch", "100")
    call_command("seed_bulk", *many, "--jobs", "1", stdout=out, stderr=StringIO())
    assert "(1 process)" in out.getvalue()
    alone = _newsroom(Article.objects.order_by("pk").first().pk)
    first = Article.objects.order_by("-pk").first().pk + 1
    out = StringIO()
    call_command("seed_bulk", *many, "--jobs", "2", stdout=out, stderr=StringIO())
    shared = connection.vendor == "postgresql"
    assert ("(2 processes)" if shared else "(1 process)") in out.getvalue()
    assert _newsroom(first) == alone and len(alone) == 250
    assert Comment.objects.filter(article_id__gte=first).count() == sum(row[4] for row in alone)
    newest = Article.objects.published().filter(pk__gte=first).order_by("-published_at")[0]
    assert RelatedStory.objects.filter(article=newest).exists()
    assert newest.pk in search.find(newest.headline.split()[0], language="ar")


def test_on_a_sqlite_file_the_processes_take_turns_to_write(tmp_path):
    """The embedded database, as `make run` keeps it (a file): two processes write their
    batches in turns, none refused for the lock, and the newsroom is whole."""
    import os
    import sqlite3
    import subprocess
    import sys

    database = tmp_path / "newsroom.sqlite3"
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "CACHE_URL": ""}
    environment.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments], env=environment, cwd=settings.BASE_DIR,
            capture_output=True, text=True, check=True, timeout=300,
        )  # fmt: skip

    manage("migrate", "--noinput", "-v", "0")
    result = manage("seed_bulk", "--articles", "400", "--batch", "50", "--jobs", "2")
    assert "400 stories" in result.stdout and "(2 processes)" in result.stdout
    with sqlite3.connect(database) as db:
        (stories,) = db.execute("SELECT COUNT(*) FROM articles_article").fetchone()
        (links,) = db.execute("SELECT COUNT(*) FROM articles_article_tags").fetchone()
        (comments, counted) = db.execute(
            "SELECT (SELECT COUNT(*) FROM comments_comment),"
            " (SELECT SUM(comment_count) FROM articles_article)"
        ).fetchone()
    assert stories == 400 and links == 1200 and comments == counted > 0
