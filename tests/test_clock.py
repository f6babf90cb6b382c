"""The schedule in the web process when no Celery beat runs it (newsportal/clock.py): a
scheduled story reaches the cached home page, and the clock starts with an app server's first
request only when there is no broker."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Article
from newsportal import clock
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent


def test_each_task_runs_one_interval_after_the_start_and_then_at_its_interval(
    settings, monkeypatch
):
    settings.CELERY_BEAT_SCHEDULE = {
        "often": {"task": "articles.tasks.flush_views", "schedule": 10.0},
        "seldom": {"task": "articles.tasks.clear_old_autosaves", "schedule": 3600.0},
    }
    ran = []
    monkeypatch.setattr(clock, "run_in_background", lambda task: ran.append(task.name))
    upcoming = clock.tick(100.0, {})
    assert (ran, upcoming) == ([], {"often": 110.0, "seldom": 3700.0})
    upcoming = clock.tick(109.0, upcoming)
    assert ran == []
    upcoming = clock.tick(110.5, upcoming)
    assert ran == ["articles.tasks.flush_views"] and upcoming == {"often": 120.5, "seldom": 3700.0}


@pytest.mark.django_db
def test_a_scheduled_story_reaches_the_cached_home_page_without_beat(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    settings.CELERY_BROKER_URL = ""
    ArticleFactory(published=True, headline_ar="خبر الأمس")
    story = ArticleFactory(scheduled=True, headline_ar="خبر مجدول وصل وقته")
    assert "خبر الأمس" in client.get("/").text  # the home page, now in the page cache
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert "خبر مجدول وصل وقته" not in client.get("/").text  # its time came; the copy stays

    upcoming = clock.tick(0.0, {})  # the clock starts: nothing is due yet
    with django_capture_on_commit_callbacks(execute=True):
        clock.tick(upcoming["publish-scheduled"], upcoming)  # a minute later
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert "خبر مجدول وصل وقته" in client.get("/").text


STARTED = (
    "import newsportal.wsgi; from django.test import Client; from newsportal import clock;"
    "before = clock._thread is not None; Client().get('/healthz');"
    "print(before, clock._thread is not None and clock._thread.is_alive())"
)


@pytest.mark.parametrize(
    ("broker", "expected"),
    [("", "False True"), ("redis://127.0.0.1:6379/15", "False False")],
    ids=["no broker", "a broker"],
)
def test_the_clock_starts_with_an_app_servers_first_request_unless_beat_runs(broker, expected):
    environment = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "DJANGO_SETTINGS_MODULE": "newsportal.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", STARTED], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
