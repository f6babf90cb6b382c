"""The moderation queue: who may work it, bulk decisions recorded, blocking, notifications,
counts and the privacy command."""

import json

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from comments.models import Blocklist, Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

Status = Comment.Status
QUEUE = reverse("admin:comments_comment_changelist")


def test_queue_lists_pending_first_with_counts_and_the_email(client_for, moderator):
    article = ArticleFactory(published=True, headline_ar="خبر الطقس")
    CommentFactory(article=article, text="قديم معتمد", status=Status.APPROVED)
    CommentFactory(article=article, text="جديد معلق", status=Status.PENDING, email="p@example.com")
    CommentFactory(article=article, text="مزعج", status=Status.SPAM)
    page = client_for(moderator).get("/en" + QUEUE).text
    assert page.index("جديد معلق") < page.index("قديم معتمد")
    assert "p@example.com" in page and "198.51.100.7" in page and "خبر الطقس" in page
    assert "Pending" in page and "(1)" in page  # facet counts beside the status filter


def test_moderator_sees_comments_and_nothing_else_to_change(client_for, moderator):
    client = client_for(moderator)
    assert client.get(QUEUE).status_code == 200
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_section_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    index = client.get("/en" + reverse("admin:index")).text
    assert "Pending comments" in index


def test_writer_cannot_moderate(client_for, writer):
    comment = CommentFactory(status=Status.PENDING)
    response = client_for(writer).post(
        QUEUE, {"action": "approve", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 403
    assert Comment.objects.get().status == Status.PENDING


def test_bulk_approve_shows_the_comments_counts_them_and_records_who(
    client, client_for, moderator, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True)
    pending = [CommentFactory(article=article, status=Status.PENDING) for _ in range(3)]
    assert pending[0].text not in client.get(article.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        client_for(moderator).post(
            QUEUE, {"action": "approve", "_selected_action": [c.pk for c in pending]}
        )
    client.logout()
    page = client.get(article.get_absolute_url()).text
    assert all(c.text in page for c in pending)
    article.refresh_from_db()
    assert article.comment_count == 3
    for comment in Comment.objects.all():
        assert comment.moderated_by == moderator and comment.moderated_at is not None


def test_reject_and_spam_actions(client_for, moderator):
    first, second = CommentFactory(status=Status.PENDING), CommentFactory(status=Status.PENDING)
    client = client_for(moderator)
    client.post(QUEUE, {"action": "reject", "_selected_action": [first.pk]})
    client.post(QUEUE, {"action": "spam", "_selected_action": [second.pk]})
    assert Comment.objects.get(pk=first.pk).status == Status.REJECTED
    assert Comment.objects.get(pk=second.pk).status == Status.SPAM


def test_block_email_and_ip_from_the_queue(client_for, moderator):
    abuser = CommentFactory(status=Status.PENDING, email="abuser@example.com")
    other = CommentFactory(status=Status.PENDING, email="abuser@example.com", text="ثان")
    by_ip = CommentFactory(status=Status.PENDING, ip_address="192.0.2.9")
    client = client_for(moderator)
    client.post(QUEUE, {"action": "block_email", "_selected_action": [abuser.pk]})
    client.post(QUEUE, {"action": "block_ip", "_selected_action": [by_ip.pk]})
    assert set(Blocklist.objects.values_list("kind", "value")) == {
        (Blocklist.Kind.SPAM_EMAIL, "abuser@example.com"),
        (Blocklist.Kind.SPAM_IP, "192.0.2.9"),
    }
    assert Comment.objects.get(pk=other.pk).status == Status.SPAM
    assert Comment.objects.get(pk=by_ip.pk).status == Status.SPAM


def test_changing_status_in_the_form_records_the_moderator(client_for, moderator):
    comment = CommentFactory(status=Status.PENDING)
    client_for(moderator).post(
        reverse("admin:comments_comment_change", args=[comment.pk]), {"status": "approved"}
    )
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED and comment.moderated_by == moderator


def test_moderators_get_mail_for_a_pending_comment_after_commit(
    post, article, moderator, settings, django_capture_on_commit_callbacks
):
    moderator.email = "mod@example.com"
    moderator.save()
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.com"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(article, text="تعليق ينتظر")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["desk@example.com", "mod@example.com"]
    assert "خبر للتعليق" in message.subject
    assert "تعليق ينتظر" in message.body and "salem@example.com" in message.body
    assert "/admin/comments/comment/?status__exact=pending" in message.body


def test_a_mail_failure_never_fails_the_readers_post(
    post, article, moderator, settings, django_capture_on_commit_callbacks
):
    moderator.email = "mod@example.com"
    moderator.save()
    settings.EMAIL_BACKEND = "tests.comments.broken_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        response = post(article)
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_privacy_export_and_erase_by_email(db, capsys):
    article = ArticleFactory(published=True)
    mine = CommentFactory(article=article, email="me@example.com", text="كلامي")
    reply = CommentFactory(article=article, parent=mine, depth=2, text="رد غيري")
    CommentFactory(article=article, email="other@example.com")
    call_command("comments_by_email", "ME@example.com")
    exported = json.loads(capsys.readouterr().out)
    assert [c["text"] for c in exported] == ["كلامي"]
    call_command("comments_by_email", "me@example.com", "--erase")
    assert "1 comment(s)" in capsys.readouterr().out
    assert not Comment.objects.filter(email="me@example.com").exists()
    reply.refresh_from_db()
    assert reply.parent is None  # the other reader's reply stays


def test_editor_start_page_shows_pending_comments(client_for, editor):
    CommentFactory(status=Status.PENDING, text="بانتظار مشرف")
    page = client_for(editor).get(reverse("admin:index")).text
    assert "بانتظار مشرف" in page and "تعليقات بانتظار المراجعة (1)" in page


def test_staff_without_a_role_sees_no_comments(db, client):
    user = UserFactory(username="nobody")
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
