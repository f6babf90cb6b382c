"""Background jobs: queued after the commit and never before it, on the broker when there is
one, in this process when there is none; every scheduled job names a real task; jobs run
twice do their work once. (A real worker killed mid-task: `make worker-check`, in CI.)"""

import pytest
from django.db import transaction

from articles.related.models import RelatedStory
from comments.models import Comment
from newsportal import jobs
from newsportal.celery import app
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(settings, monkeypatch):
    """A broker configured; what would reach it is recorded instead."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/9"
    sent = []
    monkeypatch.setattr(
        "celery.app.task.Task.apply_async",
        lambda task, args=None, **kwargs: sent.append((task.name, tuple(args or ()))),
    )
    return sent


def test_a_comment_queues_its_mail_after_the_commit_not_before(
    broker, client, django_capture_on_commit_callbacks
):
    UserFactory(username="mod", email="mod@example.com", role="moderators")
    story = ArticleFactory(published=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/article/{story.pk}/comment/",
                    {"name": "سارة", "email": "s@example.com", "text": "تعليق"})  # fmt: skip
        assert broker == []  # the transaction is still open
    for callback in callbacks:
        callback()
    comment = Comment.objects.get()
    assert broker == [("comments.tasks.tell_moderators", (comment.pk,))]


def test_publishing_queues_the_related_refresh_after_the_commit(
    broker, editor, django_capture_on_commit_callbacks
):
    from articles import publishing

    story = ArticleFactory(review=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publishing.publish(story, by=editor)
    assert broker == []
    for callback in callbacks:
        callback()
    assert ("articles.related.tasks.refresh_related", (story.pk,)) in broker


def test_a_job_rolled_back_with_its_transaction_is_never_sent(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue(app.tasks["articles.tasks.publish_due"])
        raise RuntimeError
    assert broker == []


def test_without_a_broker_the_job_runs_here_after_the_commit(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    assert settings.CELERY_BROKER_URL == ""
    UserFactory(username="mod", email="mod@example.com", role="moderators")
    story = ArticleFactory(published=True)
    from comments import moderation

    with django_capture_on_commit_callbacks(execute=True):
        moderation.post_comment(story, name="س", email="s@example.com", url="", text="نص",
                                parent=None, ip_address=None, user_agent="")  # fmt: skip
    assert len(mailoutbox) == 1


def test_every_scheduled_job_is_a_registered_task(settings):
    app.loader.import_default_modules()  # what a worker does as it starts
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_jobs_run_twice_do_their_work_once(mailoutbox, settings):
    from articles.related.tasks import refresh_related
    from comments.tasks import tell_moderators

    UserFactory(username="mod", email="mod@example.com", role="moderators")
    comment = CommentFactory(status="pending")
    assert tell_moderators(comment.pk) == 1
    assert tell_moderators(comment.pk) == 0
    assert len(mailoutbox) == 1
    from articles.related.terms import index_article

    stories = [
        ArticleFactory(published=True, headline_ar=f"أسعار النفط ترتفع {n}",
                       body_ar="<p>أسعار النفط الخام وأوبك</p>")
        for n in range(3)
    ]  # fmt: skip
    for story in stories:
        index_article(story)
    refresh_related(stories[0].pk)
    first = sorted(RelatedStory.objects.values_list("article", "story"))
    refresh_related(stories[0].pk)
    assert sorted(RelatedStory.objects.values_list("article", "story")) == first and first


def test_with_replicas_every_purge_is_made_again_once_they_caught_up(broker, settings):
    from articles import edge

    settings.DATABASE_REPLICAS = ["replica1"]
    settings.VARNISH_URLS = ["http://127.0.0.1:9"]
    edge.purge(["a1", "home"])
    assert ("articles.tasks.purge_edge", ("http://127.0.0.1:9", ["a1", "home"])) in broker
    assert ("articles.tasks.purge_again", (["a1", "home"],)) in broker
    settings.DATABASE_REPLICAS = []
    broker.clear()
    edge.purge(["a1"])
    assert [name for name, __ in broker] == ["articles.tasks.purge_edge"]


def test_scheduled_runs_never_overlap(db):
    """beat fires every minute; a run still going when the next fires makes that one do
    nothing (two flushes at once would count the same views twice)."""
    from django.core.cache import cache
    from django.test import RequestFactory
    from django.utils import timezone

    from articles.models import Article, ArticleViews
    from articles.most_read import count_view
    from articles.tasks import flush_views, publish_due
    from newsportal.jobs import alone

    story = ArticleFactory(published=True)
    reader = RequestFactory().get("/", HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64)")
    for _ in range(3):
        count_view(reader, story.pk)
    with alone("flush_views", seconds=60) as mine:
        assert mine
        assert flush_views() == 0  # the running one holds it
        with alone("flush_views", seconds=60) as again:
            assert not again
    assert flush_views() == 3  # its turn now: each view counted once
    assert ArticleViews.objects.get(article=story).count == 3
    assert flush_views() == 0
    scheduled = ArticleFactory(scheduled=True)
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    with alone("publish_due", seconds=60):
        assert publish_due() == 0
    assert publish_due() == 1
    assert cache.get("job-lock:publish_due") is None  # released


def test_while_the_cache_is_down_runs_still_keep_apart(db, monkeypatch):
    """The cache's `add` says yes to everyone while Redis is away (and a process may still
    take it for away when it is back): on PostgreSQL the lock is the database's, which
    another connection cannot take until the run releases it; SQLite (one machine) goes
    ahead on the cache's word."""
    import threading

    from django.db import connection

    from newsportal import jobs

    class Away:  # what the resilient cache answers while Redis is down
        def add(self, *args, **kwargs):
            return True

        def get(self, key, default=None):
            return default

    monkeypatch.setattr(jobs, "cache", Away())

    def elsewhere():
        answers = []

        def run():
            try:
                with jobs.alone("flush_views", seconds=60) as theirs:
                    answers.append(theirs)
            finally:
                connection.close()  # this thread's own connection

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        return answers

    with jobs.alone("flush_views", seconds=60) as mine:
        assert mine
        assert elsewhere() == [connection.vendor != "postgresql"]
    assert elsewhere() == [True]  # released with the run
