"""The audit log: every recorded action done the way the newsroom does it (admin pages and
actions, sign-in form, commands), with who, when, from which address and what changed; written
in the change's own transaction; read-only in the admin, for editors and administrators."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Article, ChangeNote
from comments.models import Blocklist, Comment
from newsportal.models import AuditEntry
from tests.factories import ArticleFactory, CommentFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.5"
Event = AuditEntry.Event


@pytest.fixture
def desk(editor):
    """The editor's browser, signed in, from a known address."""
    browser = Client(REMOTE_ADDR=ADDRESS)
    browser.force_login(editor)
    return browser


def entries(event):
    return list(AuditEntry.objects.of_event(event).order_by("pk"))


def act(browser, model, action, objects):
    address = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    data = {"action": action, "_selected_action": [o.pk for o in objects], "index": 0}
    response = browser.post(address, data)
    assert response.status_code == 302, response.content[:300]


def test_publishing_scheduling_and_unpublishing_name_the_editor_and_address(desk, editor):
    story, later = ArticleFactory(review=True), ArticleFactory(review=True)
    act(desk, Article, "publish_action", [story])
    (published,) = entries(Event.PUBLISHED)
    assert (published.actor, published.remote_addr, published.object_id) == (
        editor, ADDRESS, story.pk
    )  # fmt: skip
    assert published.changes["status"] == ["review", "published"]
    act(desk, Article, "unpublish_action", [story])
    (unpublished,) = entries(Event.UNPUBLISHED)
    assert unpublished.changes["status"] == ["published", "unpublished"]
    publishing.publish(later, by=editor, at=timezone.now() + timedelta(hours=3))
    (scheduled,) = entries(Event.SCHEDULED)
    assert scheduled.actor == editor and scheduled.remote_addr is None  # not from a request
    Article.objects.filter(pk=later.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    publishing.publish_due_articles()
    assert [e.object_id for e in entries(Event.PUBLISHED)] == [story.pk, later.pk]
    assert entries(Event.PUBLISHED)[1].actor is None  # the scheduler


def test_plain_edits_are_left_to_the_revisions(desk, editor):
    story = ArticleFactory(review=True)
    publishing.publish(story, by=editor)
    before = AuditEntry.objects.count()
    story.headline_ar = "عنوان معدّل"
    publishing.save_edit(story, by=editor, was_live=True)
    assert AuditEntry.objects.count() == before


def test_a_restore_a_deletion_and_a_correction(desk, editor):
    from reversion.models import Version

    story = ArticleFactory(review=True)
    publishing.publish(story, by=editor)
    version = Version.objects.get_for_object(story).first()
    response = desk.post(reverse("admin:articles_article_restore", args=[story.pk, version.pk]))
    assert response.status_code == 302
    assert entries(Event.RESTORED)[0].actor == editor
    ChangeNote.objects.create(article=story, kind="correction", note_ar="صُحّح الرقم.")
    (corrected,) = entries(Event.CORRECTED)
    assert corrected.changes["note"][1] == "صُحّح الرقم." and corrected.object_id == story.pk
    response = desk.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=story.pk).exists()
    (deleted,) = entries(Event.DELETED)
    assert (deleted.action, deleted.actor, deleted.object_repr) == (
        AuditEntry.Action.DELETE, editor, str(story)
    )  # fmt: skip


def test_an_entry_is_part_of_its_changes_transaction(editor):
    story = ArticleFactory(review=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        publishing.publish(story, by=editor)
        assert entries(Event.PUBLISHED)
        raise RuntimeError("the request failed after the save")
    assert not entries(Event.PUBLISHED)
    story.refresh_from_db()
    assert story.status == "review"


def test_moderation_and_erasure_never_keep_the_readers_words(moderator):
    browser = Client(REMOTE_ADDR=ADDRESS)
    browser.force_login(moderator)
    story = ArticleFactory(published=True)
    kind, rude, spam = (
        CommentFactory(article=story, status="pending", name="منى", email="mona@example.com")
        for __ in range(3)
    )
    act(browser, Comment, "approve", [kind])
    act(browser, Comment, "reject", [rude])
    act(browser, Comment, "spam", [spam])
    for event, comment, status in ((Event.COMMENT_APPROVED, kind, "approved"),
                                   (Event.COMMENT_REJECTED, rude, "rejected"),
                                   (Event.COMMENT_SPAM, spam, "spam")):  # fmt: skip
        (entry,) = entries(event)
        assert entry.object_id == comment.pk and entry.changes["status"] == ["pending", status]
        assert (entry.actor, entry.remote_addr) == (moderator, ADDRESS)
    call_command("comments_by_email", "mona@example.com", "--erase", stdout=None)
    assert len(entries(Event.COMMENT_ERASED)) == 3
    everything = str(list(AuditEntry.objects.values()))
    assert "منى" not in everything and "mona@example.com" not in everything


def test_block_list_and_image_deletions(desk, moderator):
    browser = Client(REMOTE_ADDR=ADDRESS)
    browser.force_login(moderator)
    response = browser.post(reverse("admin:comments_blocklist_add"),
                            {"kind": "spam_word", "value": "قمار"})  # fmt: skip
    assert response.status_code == 302, response.content[:500]
    (added,) = entries(Event.BLOCKLIST)
    assert added.action == AuditEntry.Action.CREATE and added.actor == moderator
    Blocklist.objects.get().delete()
    assert [e.action for e in entries(Event.BLOCKLIST)][-1] == AuditEntry.Action.DELETE
    image = ImageFactory()
    response = desk.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert entries(Event.IMAGE_DELETED)[0].remote_addr == ADDRESS


def test_sign_ins_failures_and_lockouts(writer):
    browser = Client(REMOTE_ADDR=ADDRESS)
    for __ in range(5):
        browser.post("/admin/login/", {"username": "writer", "password": "wrong"})
    browser.post("/admin/login/", {"username": "nobody-here", "password": "x"})
    failures = entries(Event.SIGN_IN_FAILED)
    assert len(failures) == 6 and {f.remote_addr for f in failures} == {ADDRESS}
    assert failures[0].object_id == writer.pk and failures[-1].object_repr == "nobody-here"
    assert entries(Event.LOCKED_OUT)[0].object_id == writer.pk
    other = Client(REMOTE_ADDR="198.51.100.9")
    other.post("/admin/login/", {"username": "writer", "password": "correct horse battery"})
    (signed_in,) = entries(Event.SIGNED_IN)
    assert (signed_in.actor, signed_in.remote_addr) == (writer, "198.51.100.9")


def test_changes_to_users_groups_and_permissions(superuser_client):
    browser, admin_user = superuser_client
    person = UserFactory(username="newcomer")
    editors = Group.objects.get(name="editors")
    person.groups.add(editors)
    person.set_password("another long passphrase")
    person.save()
    changes = [e.changes for e in entries(Event.USER) if e.object_id == person.pk]
    assert any(c.get("groups", {}).get("objects") == ["editors"] for c in changes), changes
    assert any("password" in c for c in changes)
    assert "another long passphrase" not in str(changes) and person.password not in str(changes)
    desk = Group.objects.create(name="night desk")
    desk.permissions.add(Permission.objects.get(codename="publish_article"))
    created, granted = entries(Event.GROUP)
    assert created.action == AuditEntry.Action.CREATE and created.object_repr == "night desk"
    assert granted.changes["permissions"]["operation"] == "add"


@pytest.fixture
def superuser_client(db):
    user = UserFactory(username="chief", is_superuser=True, is_staff=True)
    browser = Client(REMOTE_ADDR=ADDRESS)
    browser.force_login(user)
    return browser, user


def test_editors_read_the_log_filtered_and_nobody_edits_it(desk, editor, writer, client_for,
                                                          superuser_client):  # fmt: skip
    story = ArticleFactory(review=True)
    act(desk, Article, "publish_action", [story])
    address = reverse("admin:newsportal_auditentry_changelist")
    page = desk.get(address, {"event": "published", "actor__id__exact": editor.pk})
    assert page.status_code == 200 and str(story) in page.text and ADDRESS in page.text
    assert desk.get(address, {"event": "signed-in"}).text.count(str(story)) == 0
    entry = AuditEntry.objects.of_event(Event.PUBLISHED).get()
    browser, __ = superuser_client
    assert browser.get(reverse("admin:newsportal_auditentry_add")).status_code == 403
    delete = reverse("admin:newsportal_auditentry_delete", args=[entry.pk])
    assert browser.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:newsportal_auditentry_change", args=[entry.pk])
    browser.post(change, {"event": "deleted"})
    assert AuditEntry.objects.get(pk=entry.pk).event == Event.PUBLISHED
    assert client_for(writer).get(address).status_code == 403


def test_old_entries_are_pruned(settings, editor):
    publishing.publish(ArticleFactory(review=True), by=editor)
    old = AuditEntry.objects.of_event(Event.PUBLISHED).get()
    AuditEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=400))
    publishing.publish(ArticleFactory(review=True), by=editor)
    settings.AUDIT_LOG_DAYS = 365
    call_command("prune_audit_log")
    assert len(entries(Event.PUBLISHED)) == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()


def test_every_way_a_schedule_ends_is_named(editor, django_capture_on_commit_callbacks):
    cancelled = ArticleFactory(review=True)
    publishing.publish(cancelled, by=editor, at=timezone.now() + timedelta(hours=2))
    publishing.transition(cancelled, Article.Status.DRAFT, by=editor)
    assert entries(Event.UNSCHEDULED)[0].changes["status"] == ["scheduled", "draft"]

    due = ArticleFactory(review=True)
    publishing.publish(due, by=editor, at=timezone.now() + timedelta(hours=2))
    Article.objects.filter(pk=due.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    due.refresh_from_db()
    publishing.save_edit(due, by=editor, was_live=due.is_live)  # saved before the scheduler ran
    assert [e.object_id for e in entries(Event.PUBLISHED)] == [due.pk]
    assert publishing.publish_due_articles() == []

    moved = ArticleFactory(review=True)
    publishing.publish(moved, by=editor)
    moved.published_at = timezone.now() + timedelta(days=1)  # the editor moves its time on
    publishing.save_edit(moved, by=editor, was_live=True)
    (later,) = entries(Event.UNPUBLISHED)
    assert later.object_id == moved.pk and later.changes["status"] == ["published", "scheduled"]


def test_no_readers_address_and_no_password_hash_in_the_log(moderator, writer):
    from comments import moderation

    comment = CommentFactory(status="pending", email="mona@example.com", ip_address="192.0.2.44")
    moderation.block_authors([comment], moderator=moderator)
    moderation.block_authors([comment], moderator=moderator, by_ip=True)
    Blocklist.objects.create(kind=Blocklist.Kind.SPAM_WORD, value="قمار")
    writer.set_password("a brand new passphrase")
    writer.save()
    everything = str(list(AuditEntry.objects.values()))
    assert "mona@example.com" not in everything and "192.0.2.44" not in everything
    assert "قمار" in everything  # words are no one's
    digest = writer.password.split("$")[-1]
    assert digest[-20:] not in everything
    assert any("password" in (e.changes or {}) for e in entries(Event.USER))
