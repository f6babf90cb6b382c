"""A newsroom of any size for trying and measuring (`manage.py seed_bulk`): realistic Arabic
stories on recurring topics, in sections, with tags, authors, a small pool of pictures, an
English version for some, and readers' comments; written with bulk inserts, a batch at a time,
then the term index, related stories and search documents built in bulk.

The words come from the demo stories and the related-stories test corpus, so searches and
«شاهد أيضاً» boxes find real neighbours. Stories are numbered after any already there.
"""

import multiprocessing
import random
from datetime import datetime, timedelta
from functools import partial
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

BATCH = 5000
# «شاهد أيضاً» boxes are scored for the newest stories, those readers open (1,000 is about five
# days of news at a story every seven minutes); `manage.py recompute_related` scores them all.
RELATED_NEWEST = 1000
SECTIONS = [("local", "محليات", "Local"), ("politics", "سياسة", "Politics"),
            ("economy", "اقتصاد", "Economy"), ("sport", "رياضة", "Sport"),
            ("world", "دولي", "World"), ("gulf", "خليجي", "Gulf"),
            ("culture", "ثقافة", "Culture"), ("health", "صحة", "Health"),
            ("tech", "تكنولوجيا", "Technology"), ("opinion", "آراء", "Opinion")]  # fmt: skip
FIRST_NAMES = ["فاطمة", "محمد", "نورة", "عبدالله", "مريم", "خالد", "سارة", "يوسف", "هيا", "بدر"]
FAMILY_NAMES = ["العلي", "الصباح", "المطيري", "العنزي", "الرشيد", "الشمري", "الهاجري", "البدر"]


def vocabulary():
    from .demo import STORIES

    texts = [story[2] + " " + story[4] for story in STORIES]
    try:  # the related-stories corpus, where the tests are deployed: more words
        from tests.related.corpus import CLUSTERS
    except ImportError:
        CLUSTERS = {}
    texts += [
        f"{headline} {body}" for stories in CLUSTERS.values() for _, headline, body in stories
    ]
    return sorted({word for text in texts for word in text.split() if len(word) > 3})


class Newsroom:
    """Sections, tags, authors and pictures the stories share (made once, reused)."""

    def __init__(self, rng, *, pictures=12):
        from .demo import draw_picture
        from .models import Author, Image, Section, Tag

        self.sections = [
            Section.objects.get_or_create(slug=slug, defaults={"name_ar": ar, "name_en": en})[0]
            for slug, ar, en in SECTIONS
        ]
        words = vocabulary()
        self.tags = [
            Tag.objects.get_or_create(slug=f"bulk-{n}", defaults={"name_ar": word})[0]
            for n, word in enumerate(words[n * 7 % len(words)] for n in range(300))
        ]
        self.authors = [
            Author.objects.get_or_create(
                slug=f"bulk-writer-{n}",
                defaults={"name_ar": f"{FIRST_NAMES[n % 10]} {FAMILY_NAMES[n % 8]}"},
            )[0]
            for n in range(40)
        ]
        self.images = list(Image.objects.filter(credit="seed_bulk")[:pictures])
        for n in range(len(self.images), pictures):
            image = Image(alt_ar=f"صورة من الحدث {n + 1}", caption_ar=f"من موقع الحدث {n + 1}",
                          credit="seed_bulk")  # fmt: skip
            image.file = ContentFile(draw_picture(rng.randrange(10_000), 1200, 675),
                                     name=f"bulk-{n + 1}.jpg")  # fmt: skip
            image.save()  # checked, re-encoded and with renditions, as an upload
            self.images.append(image)


def seed(count, *, english=0.2, comments=1.0, seed_value=1, out=None, jobs=1, batch=BATCH):
    """Add `count` stories (and about `comments` approved comments per story), a batch at a
    time, in `jobs` processes at once when the database can take them; returns a summary of
    what was written."""
    from .models import Article
    from .related.bulk import BulkScorer
    from .related.terms import term_weights

    rng = random.Random(seed_value)
    room = Newsroom(rng)
    words = vocabulary()
    first = _next_id(Article)
    topics = random.Random(f"{seed_value}:topics")  # the same whatever the pictures drew
    plan = Plan(room, [topics.sample(words, 16) for _ in range(120)], first, timezone.now(),
                english, comments, seed_value)  # fmt: skip
    batches = [(start, min(count, start + batch)) for start in range(0, count, batch)]
    processes = _processes(jobs, len(batches))
    written = {"stories": 0, "comments": 0, "related": 0, "processes": processes}
    progress = tqdm(total=count, desc="stories", unit="story", file=out, disable=out is False)
    for stories, readers in _run(partial(_write_batch, plan), batches, processes):
        written["stories"] += stories
        written["comments"] += readers
        progress.update(stories)
    progress.close()
    # The run's first stories are its newest: their «شاهد أيضاً» boxes.
    newest = Article.objects.published().filter(pk__gte=first, pk__lt=first + RELATED_NEWEST)
    picked = sorted(newest, key=lambda story: story.published_at)
    written["related"] = BulkScorer({s.pk: term_weights(s) for s in picked}).recompute(picked)
    _sequences()
    from .edge import purge

    purge(["all"])  # every cached page, as after an import
    return written


class Plan(NamedTuple):
    """What every batch shares (sent to the worker processes with each batch)."""

    room: Newsroom
    topics: list
    first: int
    now: datetime
    english: float
    comments: float
    seed_value: int


def _processes(jobs, batches):
    """How many processes write the batches: `jobs` (at most one per batch) when they can
    share the database, not inside a transaction (as in a test) nor in an in-memory SQLite;
    else this one alone."""
    from django.db import connection

    private = connection.in_atomic_block or (
        connection.vendor == "sqlite" and connection.is_in_memory_db()
    )
    return 1 if private else max(1, min(jobs, batches))


def _run(function, batches, processes):
    """`function` over `batches`, its results as they come: here, or in forked processes
    each opening its own connection."""
    from django.db import connections

    if processes == 1:
        yield from map(function, batches)
        return
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes, _worker_started) as pool:
        yield from pool.imap_unordered(function, batches)


def _worker_started():
    """SQLite: one writer at a time, so a process waits its turn for the write lock from the
    start of its transaction (IMMEDIATE) instead of failing after 5 seconds."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict["OPTIONS"].update(timeout=600, transaction_mode="IMMEDIATE")


def _write_batch(plan, bounds):
    """Stories `bounds` (counted from the run's first) with their links, comments, terms and
    search documents, in one transaction; the analysis is done before it begins."""
    from comments.models import Comment

    from . import publishing, search_index
    from .related.terms import insert_in_batches, term_weights

    rng = random.Random(f"{plan.seed_value}:{bounds[0]}")  # the same stories in any process
    numbers = range(plan.first + bounds[0], plan.first + bounds[1])
    stories = [_story(n, plan, rng) for n in numbers]
    readers = _readers(stories, rng, plan.comments, plan.now)
    publishing.bulk_prepare(stories)
    weights = {story.pk: term_weights(story) for story in stories if story.is_live}
    documents = search_index.documents(stories)
    with transaction.atomic():
        publishing.bulk_load(stories)
        _links(stories, rng, plan.room)
        written = insert_in_batches(Comment, iter(readers))
        _terms(weights)
        search_index.write(*documents)
    return len(stories), written


def _story(number, plan, rng):
    from .models import Article

    first, now, room = plan.first, plan.now, plan.room
    topic = plan.topics[(number - first) % len(plan.topics)]
    headline = " ".join(rng.sample(topic, 7))
    standfirst = " ".join(rng.sample(topic, 12))
    body = "".join(
        "<p>" + " ".join(rng.sample(topic, 10) + rng.sample(topic, 10)) + ".</p>" for _ in range(5)
    )
    roll = rng.random()
    status = Article.Status.PUBLISHED
    published_at = now - timedelta(minutes=7 * (number - first) + rng.randrange(7))
    if roll < 0.02:
        status, published_at = Article.Status.DRAFT, None
    elif roll < 0.03:
        status, published_at = Article.Status.SCHEDULED, now + timedelta(hours=rng.randrange(1, 48))
    story = Article(
        pk=number, slug=f"story-{number}", status=status, published_at=published_at,
        headline=headline, headline_ar=headline, standfirst=standfirst, standfirst_ar=standfirst,
        body=body, body_ar=body, section=room.sections[number % len(room.sections)],
        lead_image=room.images[number % len(room.images)], is_featured=roll > 0.995,
    )  # fmt: skip
    if rng.random() < plan.english:
        story.headline_en = f"Story {number}: the newsroom's report in English"
        story.standfirst_en = "A summary of the report, in English."
        story.body_en = "<p>The report in English, as the desk translated it.</p>"
    return story


def _links(stories, rng, room):
    from newsportal.bulk import insert_rows

    from .models import Article

    insert_rows(Article.tags.through, ("article", "tag"), (
        (story.pk, tag.pk) for story in stories for tag in rng.sample(room.tags, 3)
    ))  # fmt: skip
    insert_rows(Article.authors.through, ("article", "author"), (
        (story.pk, rng.choice(room.authors).pk) for story in stories
    ))  # fmt: skip


def _readers(stories, rng, per_story, now):
    """Approved comments (about `per_story` each, a few stories with many); the stories'
    counts are set before they are written."""
    from comments.models import Comment

    rows = []
    for story in stories:
        if not story.is_live:
            continue
        howmany = min(int(rng.expovariate(1 / per_story)), 40) if per_story else 0
        story.comment_count = story.comment_threads = howmany
        for n in range(howmany):
            text = f"تعليق القارئ رقم {n + 1} على الخبر {story.pk}"
            rows.append(Comment(
                article_id=story.pk, name=f"{rng.choice(FIRST_NAMES)}", email=f"r{n}@example.com",
                text=text, text_hash=Comment.hash_text(text), status=Comment.Status.APPROVED,
                created_at=min(now, story.published_at + timedelta(minutes=n + 1)),
            ))  # fmt: skip
    return rows


def _terms(weights):
    from newsportal.bulk import insert_rows

    from .related.models import ArticleTerm

    insert_rows(ArticleTerm, ("article", "term", "weight"), (
        (pk, term, weight) for pk, terms in weights.items() for term, weight in terms.items()
    ))  # fmt: skip


def _next_id(model):
    """After every id used so far, deleted ones included (PostgreSQL's sequence knows them)."""
    from django.db import connection

    highest = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value, is_called FROM articles_article_id_seq")
            last, called = cursor.fetchone()
            highest = max(highest, last if called else last - 1)
    return highest + 1


def _sequences():
    """PostgreSQL: the id sequences after the ids written by hand; both databases: the
    planner's statistics for the new size."""
    from django.db import connection

    from .publishing import refresh_archive_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), GREATEST("
                " (SELECT MAX(id) FROM articles_article),"
                " (SELECT last_value FROM articles_article_id_seq)))"
            )
    refresh_archive_statistics()
