"""The editorial workflow and who may do what: a permission matrix, on the server."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Article
from articles.signals import article_published, article_unpublished
from tests.factories import ArticleFactory, ImageFactory, article_form_data

Status = Article.Status

# (role, current status, target status, allowed) for an article the writer created.
MATRIX = [
    ("writer", Status.DRAFT, Status.REVIEW, True),
    ("writer", Status.REVIEW, Status.DRAFT, True),
    ("writer", Status.DRAFT, Status.PUBLISHED, False),
    ("writer", Status.REVIEW, Status.PUBLISHED, False),
    ("writer", Status.DRAFT, Status.SCHEDULED, False),
    ("writer", Status.PUBLISHED, Status.UNPUBLISHED, False),
    ("writer", Status.PUBLISHED, Status.DRAFT, False),
    ("editor", Status.DRAFT, Status.REVIEW, True),
    ("editor", Status.REVIEW, Status.PUBLISHED, True),
    ("editor", Status.REVIEW, Status.DRAFT, True),
    ("editor", Status.DRAFT, Status.SCHEDULED, True),
    ("editor", Status.PUBLISHED, Status.UNPUBLISHED, True),
    ("editor", Status.UNPUBLISHED, Status.PUBLISHED, True),
    ("moderator", Status.DRAFT, Status.REVIEW, False),
    ("moderator", Status.REVIEW, Status.PUBLISHED, False),
    ("moderator", Status.PUBLISHED, Status.UNPUBLISHED, False),
]


def _article_in(status, owner):
    traits = {
        Status.REVIEW: {"review": True},
        Status.PUBLISHED: {"published": True},
        Status.UNPUBLISHED: {"unpublished": True},
    }.get(status, {})
    return ArticleFactory(created_by=owner, **traits)


@pytest.mark.parametrize(("role", "current", "target", "allowed"), MATRIX)
def test_permission_matrix(request, writer, role, current, target, allowed):
    user = request.getfixturevalue(role)
    article = _article_in(current, writer)
    at = timezone.now() + timedelta(hours=1) if target == Status.SCHEDULED else None
    if allowed:
        publishing.transition(article, target, by=user, at=at)
        article.refresh_from_db()
        assert article.status == target
    else:
        with pytest.raises(PermissionDenied):
            publishing.transition(article, target, by=user, at=at)
        article.refresh_from_db()
        assert article.status == current


def test_writer_cannot_edit_another_writers_draft(writer, other_writer):
    article = ArticleFactory(created_by=other_writer)
    with pytest.raises(PermissionDenied):
        publishing.submit_for_review(article, by=writer)


def test_writer_cannot_publish_through_the_admin_form(client_for, writer):
    article = ArticleFactory(created_by=writer)
    client = client_for(writer)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form_data(article, status="published"))
    assert response.status_code == 302  # status is read-only for writers: ignored, not applied
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_writer_submits_for_review_with_the_button(client_for, writer):
    article = ArticleFactory(created_by=writer)
    client = client_for(writer)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url)
    assert "_submit_for_review" in page.text
    response = client.post(url, {**article_form_data(article), "_submit_for_review": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_writer_cannot_open_another_writers_article(client_for, writer, other_writer):
    article = ArticleFactory(created_by=other_writer)
    response = client_for(writer).get(
        reverse("admin:articles_article_change", args=[article.pk]), follow=True
    )
    assert article.headline not in response.text


def test_writer_cannot_change_a_published_story(client_for, writer):
    article = ArticleFactory(created_by=writer, published=True)
    client = client_for(writer)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form_data(article, headline_ar="عنوان مختلف"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline_ar != "عنوان مختلف"


def test_writer_does_not_get_the_publish_bulk_action(client_for, writer):
    ArticleFactory(created_by=writer)
    page = client_for(writer).get(reverse("admin:articles_article_changelist"))
    assert "publish_action" not in page.text
    assert "submit_for_review_action" in page.text


def test_writer_posting_the_publish_action_changes_nothing(client_for, writer):
    article = ArticleFactory(created_by=writer)
    client_for(writer).post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_action", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_editor_bulk_publishes_and_unpublishes(client_for, editor, writer):
    articles = [ArticleFactory(created_by=writer, review=True) for _ in range(3)]
    client = client_for(editor)
    url = reverse("admin:articles_article_changelist")
    ids = [a.pk for a in articles]
    response = client.post(url, {"action": "publish_action", "_selected_action": ids}, follow=True)
    assert "3" in response.text
    assert Article.objects.published().count() == 3
    client.post(url, {"action": "unpublish_action", "_selected_action": ids})
    assert Article.objects.published().count() == 0
    assert set(Article.objects.values_list("status", flat=True)) == {Status.UNPUBLISHED}


def test_bulk_publish_reports_an_article_that_cannot_go_live(client_for, editor):
    bad_image = ImageFactory(credit="")
    good = ArticleFactory(review=True)
    bad = ArticleFactory(review=True, lead_image=bad_image)
    response = client_for(editor).post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_action", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )
    bad.refresh_from_db()
    good.refresh_from_db()
    assert good.status == Status.PUBLISHED
    assert bad.status == Status.REVIEW
    assert bad.headline in response.text


def test_moderator_cannot_open_articles_in_the_admin(client_for, moderator):
    ArticleFactory()
    response = client_for(moderator).get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 403


def test_lead_image_without_alt_or_credit_blocks_publishing(editor):
    for image in (ImageFactory(credit=""), ImageFactory(alt_ar="  ")):
        article = ArticleFactory(review=True, lead_image=image)
        with pytest.raises(ValidationError):
            publishing.publish(article, by=editor)
        article.refresh_from_db()
        assert article.status == Status.REVIEW


def test_going_live_and_coming_down_send_signals_after_commit(
    editor, django_capture_on_commit_callbacks
):
    received = []
    article_published.connect(lambda **kw: received.append("up"), weak=False, dispatch_uid="t1")
    article_unpublished.connect(lambda **kw: received.append("down"), weak=False, dispatch_uid="t2")
    try:
        article = ArticleFactory(review=True)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            publishing.publish(article, by=editor)
        assert received == []  # nothing happens before the commit
        for callback in callbacks:
            callback()
        assert received == ["up"]
        with django_capture_on_commit_callbacks(execute=True):
            publishing.unpublish(article, by=editor)
        assert received == ["up", "down"]
    finally:
        article_published.disconnect(dispatch_uid="t1")
        article_unpublished.disconnect(dispatch_uid="t2")


def test_bulk_submit_for_review_does_not_take_live_stories_down(client_for, editor):
    live = ArticleFactory(published=True)
    draft = ArticleFactory()
    response = client_for(editor).post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_for_review_action", "_selected_action": [live.pk, draft.pk]},
        follow=True,
    )
    live.refresh_from_db()
    draft.refresh_from_db()
    assert live.status == Status.PUBLISHED and live.is_live
    assert draft.status == Status.REVIEW
    assert live.headline in response.text  # reported as refused


def test_unpublishing_a_draft_is_refused(editor):
    draft = ArticleFactory()
    with pytest.raises(PermissionDenied):
        publishing.unpublish(draft, by=editor)


def test_editor_can_fix_a_typo_in_a_story_whose_schedule_has_come(client_for, editor):
    article = ArticleFactory(scheduled=True)
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    article.refresh_from_db()
    response = client_for(editor).post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, headline_ar="عنوان بلا خطأ"),
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline_ar == "عنوان بلا خطأ"
