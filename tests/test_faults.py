"""Surviving faults: the database away (a branded 503 with Retry-After, the admin says what
is wrong), Redis away (pages served uncached, comments still taken with the flood limit read
from the database, one log line a minute), the mail server hanging or away (the reader's
comment neither fails nor waits)."""

import logging
import os
import socket
import subprocess
import sys
import threading
from unittest import mock

import pytest
import redis
from django.db import OperationalError, connection
from django.test import Client

from articles.models import Article
from comments.models import Comment
from newsportal import background
from tests.factories import ArticleFactory, UserFactory
from tests.test_frame import ROOT

CLOSED_PORT = 9  # discard: nothing listens there on these machines


def closed_port():
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", CLOSED_PORT)) != 0, "port 9 must be closed"
    return CLOSED_PORT


@pytest.fixture
def database_down(db):
    error = OperationalError('connection to server at "db" failed: Connection refused')
    with mock.patch.object(connection, "ensure_connection", side_effect=error):
        yield


def test_readers_get_a_branded_503_with_retry_after_while_the_database_is_down(database_down):
    reader = Client(raise_request_exception=False)
    for address in ("/", "/section/local/", "/search/?q=غزة", "/en/"):
        response = reader.get(address)
        assert response.status_code == 503, address
        assert response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store"
        assert "Connection refused" not in response.text and "Traceback" not in response.text
    assert "غير متاح مؤقتاً" in reader.get("/").text
    assert 'lang="en" dir="ltr"' in reader.get("/en/").text


def test_pages_already_in_the_page_cache_are_still_served_without_the_database(
    client, settings, db
):
    settings.PAGE_CACHE_SECONDS = 60
    story = ArticleFactory(published=True, headline_ar="خبر محفوظ في الذاكرة")
    assert client.get(story.get_absolute_url()).status_code == 200  # now cached
    error = OperationalError("the database went away")
    with mock.patch.object(connection, "ensure_connection", side_effect=error):
        again = Client(raise_request_exception=False).get(story.get_absolute_url())
        assert again.status_code == 200 and "خبر محفوظ في الذاكرة" in again.text
        assert Client(raise_request_exception=False).get("/tag/none/").status_code == 503


def test_the_admin_says_the_database_is_unreachable(database_down):
    staff = Client(raise_request_exception=False)
    staff.cookies["sessionid"] = "a-signed-in-editor"  # its session is in the database
    response = staff.get("/admin/")
    assert response.status_code == 503
    assert "تعذّر الوصول إلى قاعدة البيانات" in response.text
    assert "The database is unreachable" in staff.get("/en/admin/").text


def test_a_real_unreachable_postgresql_gets_the_same_answer():
    """No mock: the settings point at a PostgreSQL port where nothing listens."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings; settings.DEBUG = False\n"
        "from django.test import Client\n"
        "for path in ('/', '/admin/'):\n"
        "    client = Client(raise_request_exception=False)\n"
        "    client.cookies['sessionid'] = 'a-signed-in-editor'\n"
        "    r = client.get(path)\n"
        "    print(path, r.status_code, r['Retry-After'], 'Traceback' in r.text)\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsportal.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/news",
        "ALLOWED_HOSTS": "testserver",
        "CACHE_URL": "locmemcache://faults",
    }
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.splitlines() == ["/ 503 30 False", "/admin/ 503 30 False"], run.stderr


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsportal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/1",
        }
    }
    settings.PAGE_CACHE_SECONDS = 60  # the page cache is on, and its store is away
    with mock.patch("newsportal.cache.RETRY_SECONDS", 0):  # dial Redis on every call
        yield


def test_with_redis_down_pages_are_served_and_comments_taken(client, db, redis_down, caplog):
    story = ArticleFactory(published=True, headline_ar="خبر والذاكرة المؤقتة معطلة")
    caplog.set_level(logging.ERROR, logger="newsportal.cache")
    for _ in range(3):
        assert client.get("/").status_code == 200
        page = client.get(story.get_absolute_url())
        assert page.status_code == 200 and "خبر والذاكرة المؤقتة معطلة" in page.text
        assert "private" in page["Cache-Control"] or "public" in page["Cache-Control"]

    form = {"name": "سالم", "email": "salem@example.com", "text": "تعليق والذاكرة معطلة"}
    address = f"/article/{story.pk}/comment/"
    first = client.post(address, form, HTTP_ORIGIN="http://testserver")
    assert first.status_code == 302
    again = client.post(
        address, {**form, "text": "تعليق ثان سريع"}, HTTP_ORIGIN="http://testserver"
    )
    assert again.status_code == 429, "the flood limit holds, read from the database"
    assert "تمهّل" in again.text or "بسرعة" in again.text
    other_reader = client.post(
        address,
        {**form, "email": "huda@example.com", "text": "قارئة أخرى"},
        HTTP_ORIGIN="http://testserver",
        REMOTE_ADDR="198.51.100.7",
    )
    assert other_reader.status_code == 302
    assert Comment.objects.count() == 2

    outages = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outages) == 1, "one line a minute, not one per request"


class HangingMailServer:
    """An SMTP server that accepts the connection and says nothing until released."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.release = threading.Event()
        self.connected = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        conn, _address = self.listener.accept()
        self.connected.set()
        self.release.wait(30)
        conn.close()
        self.listener.close()


@pytest.fixture
def moderator_with_mail(db):
    return UserFactory(username="mod", email="mod@example.com", role="moderators")


@pytest.mark.django_db(transaction=True)  # the mail job reads the comment in its own thread
def test_a_hanging_mail_server_does_not_hold_the_readers_comment(
    client, settings, moderator_with_mail, caplog, django_capture_on_commit_callbacks
):
    server = HangingMailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 30
    settings.BACKGROUND_THREAD = True
    story = ArticleFactory(published=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/article/{story.pk}/comment/",
            {"name": "سالم", "email": "salem@example.com", "text": "تعليق والبريد معلق"},
            HTTP_ORIGIN="http://testserver",
        )
    # The reader has the answer while the mail server has not said a word yet.
    assert response.status_code == 302 and not server.release.is_set()
    assert Comment.objects.filter(text="تعليق والبريد معلق").exists()
    assert server.connected.wait(10), "the notification was on its way"
    server.release.set()
    background.wait()
    assert any("Background work" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_does_not_fail_the_comment(
    client, settings, db, caplog, django_capture_on_commit_callbacks
):
    UserFactory(username="mod", email="mod@example.com", role="moderators")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.BACKGROUND_THREAD = True
    story = ArticleFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/article/{story.pk}/comment/",
            {"name": "سالم", "email": "salem@example.com", "text": "تعليق والبريد متوقف"},
            HTTP_ORIGIN="http://testserver",
        )
    background.wait()
    assert response.status_code == 302
    assert Comment.objects.filter(text="تعليق والبريد متوقف").exists()
    assert any("Background work" in r.getMessage() for r in caplog.records)


def test_a_command_that_ends_first_finishes_what_it_handed_to_the_background(tmp_path):
    """publish_scheduled and friends queue purges and mail; the process waits for them."""
    done = tmp_path / "purged"
    script = (
        "import django, os, time; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        " 'newsportal.settings'); django.setup(); from newsportal import background;"
        " from pathlib import Path;"
        " background.run_in_background(lambda: (time.sleep(0.5), Path(os.environ['DONE'])"
        ".write_text('yes')))"
    )
    environment = {**os.environ, "DONE": str(done)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert done.read_text() == "yes"


def test_pages_cached_before_an_outage_are_dropped_when_redis_answers_again(client, db, settings):
    """A purge made while Redis was away never reached the page cache kept in it."""
    from django.core.cache import caches

    from articles.caching import forget_keys

    settings.CACHES = {
        "default": {
            "BACKEND": "newsportal.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": f"recovery-{os.getpid()}",
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    story = ArticleFactory(published=True, headline_ar="العنوان الأول")
    client.get(story.get_absolute_url())
    shared = caches["default"]
    down = redis.ConnectionError("down")
    with mock.patch("newsportal.cache.RETRY_SECONDS", 0):
        with mock.patch("redis.Redis.get", side_effect=down):
            shared.get("anything")  # the outage is noticed
        assert shared.unreachable
        Article.objects.filter(pk=story.pk).update(headline_ar="العنوان المصحح")
        with mock.patch("redis.Redis.mset", side_effect=down):
            forget_keys([f"a{story.pk}"])  # the correction's purge, lost
        page = client.get(story.get_absolute_url()).text
    assert not shared.unreachable and "العنوان المصحح" in page
    shared.clear()
