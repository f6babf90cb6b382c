"""Shared fixtures: isolated media and cache per test, users in each newsroom role."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.template.backends import jinja2 as jinja2_backend
from django.test import signals
from django.utils import translation

from articles import roles
from newsportal import jobs
from tests.factories import UserFactory

# A replica alias mirrored onto the test database (Django's test mirror), for the router's
# tests (tests/test_replicas.py); queries reach it only where a test turns replicas on.
if "replica1" not in settings.DATABASES:
    settings.DATABASES["replica1"] = {
        **settings.DATABASES["default"],
        "TEST": {"MIRROR": "default"},
    }


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_reported():
    """The test client lists the templates a response drew (`response.templates`, with their
    context) from Django's engine only. The readers' pages are drawn by Jinja2: here its
    templates drawn through Django (a view's, `render_to_string`) report themselves too."""
    draw = jinja2_backend.Template.render

    def report(self, context=None, request=None):
        signals.template_rendered.send(sender=self, template=self.template, context=context or {})
        return draw(self, context, request)

    jinja2_backend.Template.render = report
    yield
    jinja2_backend.Template.render = draw


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    # Pages are not cached unless a test is about the page cache (tests/articles/test_caching.py).
    settings.PAGE_CACHE_SECONDS = 0
    # Background work (moderators' mail) runs at once, so tests read the outbox after a post.
    settings.BACKGROUND_THREAD = False
    cache.clear()
    # A transactional test's flush recreates the content types under new ids; the audit log
    # names them on every entry, so none may be remembered from an earlier test.
    ContentType.objects.clear_cache()
    # Requests activate a language in this thread; start every test in Arabic, the default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
    cache.clear()
    jobs.cancel_delayed()  # a re-purge queued here must not fire into the next test's Varnish


@pytest.fixture
def writer(db):
    return UserFactory(username="writer", role=roles.WRITERS)


@pytest.fixture
def other_writer(db):
    return UserFactory(username="other_writer", role=roles.WRITERS)


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role=roles.EDITORS)


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", role=roles.MODERATORS)


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user):
        client.force_login(user)
        return client

    return login
