"""The read replicas' router, on Django's test mirror: which requests read from a replica
(readers' pages, feeds, the API, search) and which from the primary (the admin, staff,
writes and the request that wrote, a browser just after its post, commands and jobs)."""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory

# Committed rows: the mirror is its own connection, it does not see a test's open transaction.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    return settings


def reads(client_call):
    """The queries of one request on each alias."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        response = client_call()
    return response, len(primary), len(replica)


def test_readers_pages_read_from_a_replica(replicas, client):
    story = ArticleFactory(published=True)
    for address in ("/", story.get_absolute_url(), "/en/", "/feed/", "/sitemap.xml",
                    "/search/?q=%D8%AE%D8%A8%D8%B1", "/api/v1/articles",
                    f"/api/v1/articles/{story.pk}", "/api/v1/search?q=x"):  # fmt: skip
        response, primary, replica = reads(lambda a=address: client.get(a))
        assert response.status_code == 200, address
        assert (primary, replica > 0) == (0, True), address


def test_the_admin_staff_previews_and_the_beacon_use_the_primary(replicas, client, editor):
    story = ArticleFactory(published=True)
    staff = Client()
    staff.force_login(editor)
    for who, address in ((staff, "/admin/articles/article/"), (staff, "/"),
                         (client, "/admin/login/"), (client, f"/hit/{story.pk}.gif"),
                         (client, "/healthz")):  # fmt: skip
        response, primary, replica = reads(lambda w=who, a=address: w.get(a))
        assert response.status_code in (200, 204), address
        assert replica == 0, address


def test_a_post_writes_and_reads_on_the_primary_and_pins_the_browser(replicas, client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    story = ArticleFactory(published=True)
    data = {"name": "سارة", "email": "s@example.com", "text": "تعليق"}
    response, primary, replica = reads(lambda: client.post(f"/article/{story.pk}/comment/", data))
    assert response.status_code == 302 and replica == 0 and primary > 0
    assert response.cookies["read_primary"]["max-age"] == 5
    response, primary, replica = reads(lambda: client.get(story.get_absolute_url()))
    assert (primary > 0, replica) == (True, 0)  # its next page: no older than its post


def test_a_request_that_writes_reads_the_rest_from_the_primary(replicas, rf):
    from newsportal.replicas import ReplicaMiddleware

    story = ArticleFactory(published=True)
    seen = []

    def view(request):
        seen.append(Article.objects.db_manager().all().db)
        Article.objects.filter(pk=story.pk).update(comment_count=1)
        seen.append(Article.objects.all().db)
        return None

    ReplicaMiddleware(view)(rf.get("/"))
    assert seen == ["replica1", "default"]


def test_commands_and_jobs_use_the_primary(replicas):
    from django.core.management import call_command

    ArticleFactory(published=True)
    with CaptureQueriesContext(connections["replica1"]) as replica:
        call_command("publish_scheduled")
        list(Article.objects.published())
    assert len(replica) == 0


def test_no_replica_configured_means_one_database(client):
    UserFactory()
    response, primary, replica = reads(lambda: client.get("/"))
    assert response.status_code == 200 and replica == 0 and primary > 0
