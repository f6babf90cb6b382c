"""Surrogate keys and exact purges: every public page names what it shows; each change purges
exactly the keys concerned, on every Varnish node and in the page cache; a failed purge is
retried and logged and never fails the editor's save."""

import logging
import re
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from articles import edge, publishing
from articles.models import Article
from comments import moderation
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ChangeNoteFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


class Node(ThreadingHTTPServer):
    """A stand-in Varnish node that records the keys it is asked to purge."""

    def __init__(self, status=200):
        self.purged, self.status = [], status

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(handler):  # noqa: N802
                self.purged.append(set(handler.headers["xkey-purge"].split()))
                handler.send_response(self.status)
                handler.end_headers()

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def keys(self):
        return set().union(*self.purged) if self.purged else set()


@pytest.fixture
def nodes(settings):
    running = [Node(), Node()]
    settings.VARNISH_URLS = [node.url for node in running]
    yield running
    for node in running:
        node.shutdown()
        node.server_close()


@pytest.fixture
def story(db):
    return ArticleFactory(
        published=True,
        section=SectionFactory(slug="local"),
        tags=[TagFactory(slug="kuwait")],
        authors=[AuthorFactory(slug="fatima")],
        lead_image=ImageFactory(),
    )


def keys(response):
    return set(response["xkey"].split())


def test_each_kind_of_page_names_what_it_shows(client, story):
    tag, author = story.tags.get(), story.authors.get()
    expected = {
        story.get_absolute_url(): {
            f"a{story.pk}", f"s{story.section_id}", f"t{tag.pk}", f"u{author.pk}",
            f"i{story.lead_image_id}", f"c{story.pk}", "chrome", "all",
        },
        "/": {"home", "latest", "most-read", f"a{story.pk}", "chrome"},
        "/section/local/": {f"s{story.section_id}", f"list-s{story.section_id}", f"a{story.pk}"},
        "/tag/kuwait/": {f"t{tag.pk}", f"list-t{tag.pk}", f"a{story.pk}"},
        "/author/fatima/": {f"u{author.pk}", f"list-u{author.pk}", f"a{story.pk}"},
        f"/archive/{timezone.localtime(story.published_at):%Y/%m}/": {"archive", f"a{story.pk}"},
        "/feed/": {"latest", f"a{story.pk}"},
        "/section/local/feed/atom/": {f"list-s{story.section_id}", f"a{story.pk}"},
    }  # fmt: skip
    for address, wanted in expected.items():
        response = client.get(address)
        assert response.status_code == 200, address
        assert wanted <= keys(response), (address, keys(response))
        assert set(response["Surrogate-Key"].split()) == keys(response)
        assert set(response["Cache-Tag"].split(",")) == keys(response)


def test_shared_caches_keep_pages_long_and_stale_when_the_app_fails(client, story, settings):
    control = client.get(story.get_absolute_url())["Cache-Control"]
    for part in ("public", "max-age=60", "s-maxage=86400", "stale-while-revalidate=60"):
        assert part in control
    assert "stale-if-error=86400" in control


def test_a_page_offering_the_comment_form_is_kept_only_until_the_comments_close(client, db):
    closing = ArticleFactory(published=True, comments_close_at=timezone.now() + timedelta(hours=2))
    for address in (closing.get_absolute_url(), f"/api/v1/articles/{closing.pk}"):
        control = client.get(address)["Cache-Control"]
        assert 7000 < int(re.search(r"s-maxage=([0-9]+)", control)[1]) <= 7200, (address, control)

    soon = ArticleFactory(published=True, comments_close_at=timezone.now() + timedelta(seconds=2))
    assert 'class="comments-closed"' not in client.get(soon.get_absolute_url()).text  # cached
    time.sleep(2.1)
    assert 'class="comments-closed"' in client.get(soon.get_absolute_url()).text


def test_the_latest_lists_minutes_ago_is_kept_only_while_it_stays_true(client, db):
    old = ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=2))
    assert "s-maxage=86400" in client.get("/")["Cache-Control"]  # dates only: kept long
    ArticleFactory(published=True, published_at=timezone.now() - timedelta(minutes=5, seconds=10))
    cache.clear()  # a factory's story purges nothing
    page = client.get("/")
    assert "منذ 5 دقائق" in page.text and old.headline in page.text
    assert 0 < int(re.search(r"s-maxage=([0-9]+)", page["Cache-Control"])[1]) <= 50


def test_staff_pages_carry_no_keys(client, story, editor):
    client.force_login(editor)
    response = client.get(story.get_absolute_url())
    assert "private" in response["Cache-Control"] and "xkey" not in response


def test_publishing_a_leaves_b_cached(
    client, editor, django_assert_num_queries, story, nodes, django_capture_on_commit_callbacks
):
    other = ArticleFactory(  # the same section, even; no word shared with the new story
        published=True,
        section=story.section,
        headline_ar="المنتخب يفوز بالكأس",
        standfirst_ar="مباراة نهائية حاسمة.",
        body_ar="<p>سجل اللاعبون ثلاثة أهداف.</p>",
    )
    client.get(other.get_absolute_url())
    client.get("/")
    draft = ArticleFactory(
        section=story.section,
        headline_ar="خبر جديد عاجل",
        standfirst_ar="أمطار غزيرة على المدينة.",
        body_ar="<p>أغلقت البلدية الطرق المنخفضة.</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(draft, by=editor)
    with django_assert_num_queries(0):
        assert client.get(other.get_absolute_url()).status_code == 200  # still cached
    assert "خبر جديد عاجل" in client.get("/").text  # the home page was purged
    assert nodes[0].keys() == nodes[1].keys()
    assert {f"a{draft.pk}", f"list-s{story.section_id}", "home", "latest"} <= nodes[0].keys()
    assert f"s{story.section_id}" not in nodes[0].keys()  # story pages naming the section stay
    assert f"a{other.pk}" not in nodes[0].keys()


PURGES = {
    "publishing": lambda story, editor: publishing.publish(
        ArticleFactory(section=story.section), by=editor
    ),
    "an edit of a live story": lambda story, editor: publishing.save_edit(
        story, by=editor, was_live=True
    ),
    "unpublishing": lambda story, editor: publishing.unpublish(story, by=editor),
    "a correction": lambda story, editor: (
        ChangeNoteFactory(article=story),
        publishing.save_edit(story, by=editor, was_live=True),
    ),
    "a scheduled story going live": lambda story, editor: (
        Article.objects.filter(pk=story.pk).update(status=Article.Status.SCHEDULED),
        publishing.publish_due_articles(),
    ),
    "an approved comment": lambda story, editor: moderation.approve_comments(
        [CommentFactory(article=story, status=Comment.Status.PENDING)], moderator=editor
    ),
    "a rejected comment": lambda story, editor: moderation.reject_comments(
        [CommentFactory(article=story)], moderator=editor
    ),
    "an erased commenter": lambda story, editor: (
        CommentFactory(article=story, email="gone@example.com"),
        moderation.erase_comments_by_email("gone@example.com"),
    ),
}


@pytest.mark.parametrize("change", PURGES)
def test_each_change_purges_its_story_everywhere(
    change, client, story, editor, nodes, django_capture_on_commit_callbacks
):
    page = story.get_absolute_url()
    client.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        PURGES[change](story, editor)
    purged = nodes[0].keys()
    if change == "publishing":
        assert {f"list-s{story.section_id}", "home", "latest"} <= purged
    elif "comment" in change:  # its comment pages only, not every page showing the story
        assert purged == {f"c{story.pk}"}
        assert client.get(page).status_code == 200
    else:
        assert f"a{story.pk}" in purged, purged
        assert client.get(page).status_code in (200, 404)  # drawn anew (or gone)
    assert nodes[1].keys() == purged


def test_a_renamed_section_purges_every_page_through_the_menu(
    story, nodes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story.section.name_ar = "محليات جديدة"
        story.section.save()
    assert nodes[0].keys() == {f"s{story.section_id}", "chrome", "sitemap", "sections"}


def test_a_renamed_tag_purges_its_pages_and_the_sitemaps(
    story, nodes, django_capture_on_commit_callbacks
):
    tag = TagFactory()
    with django_capture_on_commit_callbacks(execute=True):
        tag.name_ar = "وسم جديد"
        tag.save()
    assert nodes[0].keys() == {f"t{tag.pk}", "sitemap", "tags"}


def test_a_failed_purge_is_retried_logged_and_never_fails_the_save(
    story, editor, settings, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    broken = Node(status=500)
    settings.VARNISH_URLS = [broken.url, "http://127.0.0.1:9"]
    monkeypatch.setattr(edge, "PURGE_BACKOFF_SECONDS", 0)
    caplog.set_level(logging.WARNING, logger="articles.edge")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.save_edit(story, by=editor, was_live=True)
    assert len(broken.purged) == edge.PURGE_ATTEMPTS
    failures = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 1 and "failed 3 times" in failures[0]
    # Nothing listening: no Varnish, nothing cached there; said once, not retried.
    stopped = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert stopped == ["Varnish at http://127.0.0.1:9 is not running: nothing to purge there"]
    broken.shutdown()
    broken.server_close()


def test_an_import_purges_everything(nodes, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publishing.announce_import([])
    assert nodes[0].keys() == {"all"}


def test_flushing_view_counts_renews_the_most_read_box(client, story, nodes):
    client.get(f"/hit/{story.pk}.gif")
    call_command("flush_view_counts")
    assert "most-read" in nodes[0].keys()


def test_publishing_purges_the_boxes_it_enters_and_nothing_else_of_them(
    client, story, editor, nodes, django_capture_on_commit_callbacks
):
    from articles.related.terms import index_article

    story.headline_ar = "أمطار غزيرة وسيول في محافظة الأحمدي"
    story.save()
    index_article(story)
    assert edge.related_key(story.pk) in keys(client.get(story.get_absolute_url()))
    draft = ArticleFactory(
        section=story.section,
        tags=list(story.tags.all()),
        headline_ar="سيول وأمطار غزيرة تغلق طرق الأحمدي",
    )
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(draft, by=editor)
    purged = nodes[0].keys()
    assert edge.related_key(story.pk) in purged  # its box may show the new story now
    assert f"a{story.pk}" not in purged  # its cards elsewhere stay
    assert "سيول وأمطار غزيرة" in client.get(story.get_absolute_url()).text
