"""Comments posted through the public API as an app posts them: held for the moderators, the
comment form's rules with JSON errors in the asked language, spam kept quiet, other sites'
origins refused unless allowed."""

import json

import pytest

from comments.models import Comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def post(client, story, lang="ar", **fields):
    data = {"name": "سارة", "email": "sara@example.com", "text": "تعليق من التطبيق", **fields}
    response = client.post(
        f"/api/v1/articles/{story.pk}/comments?lang={lang}",
        json.dumps(data),
        content_type="application/json",
    )
    return response, json.loads(response.content)


def test_a_comment_posted_through_the_api_is_held_and_the_moderators_told(
    client, db, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    story = ArticleFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        response, body = post(client, story, website="example.com")
    assert response.status_code == 201
    assert body["status"] == "pending" and body["url"] is None
    comment = Comment.objects.get(pk=body["id"])
    assert (comment.status, comment.url, comment.email) == (
        "pending", "https://example.com", "sara@example.com"
    )  # fmt: skip
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("setup", "fields", "status", "message"),
    [
        ("closed", {}, 403, "Comments are closed on this article."),
        ("none", {"name": " ", "email": "bad", "text": ""}, 400,
         "Your comment was not posted; see the errors of each field."),
        ("duplicate", {}, 400, "Your comment was not posted; see the errors of each field."),
        ("flood", {"text": "نص آخر"}, 429,
         "You are commenting too quickly. Wait a few seconds and send it again."),
    ],
)  # fmt: skip
def test_the_forms_rules_apply_with_json_errors(client, db, settings, setup, fields, status,
                                                message):  # fmt: skip
    story = ArticleFactory(published=True, allows_comments=setup != "closed")
    if setup in ("duplicate", "flood"):
        settings.COMMENTS_FLOOD_SECONDS = 60 if setup == "flood" else 0
        assert post(client, story, lang="en")[0].status_code == 201
    before = Comment.objects.count()
    response, body = post(client, story, lang="en", **fields)
    assert (response.status_code, body["message"]) == (status, message)
    assert Comment.objects.count() == before
    if setup == "none":
        assert set(body["errors"]) == {"name", "email", "text"}
    if setup == "duplicate":
        assert body["errors"]["__all__"] == [
            "This comment has already been posted on this article."
        ]


def test_a_spam_word_is_kept_from_readers_without_telling_the_spammer(client, db):
    from comments.models import Blocklist

    Blocklist.objects.create(kind=Blocklist.Kind.SPAM_WORD, value="قمار")
    story = ArticleFactory(published=True)
    response, body = post(client, story, text="أفضل موقع قمار")
    assert response.status_code == 201 and body["status"] == "pending"
    assert Comment.objects.get().status == "spam"


def test_posts_from_other_sites_are_refused_unless_their_origin_is_allowed(client, db, settings):
    story = ArticleFactory(published=True)
    data = json.dumps({"name": "x", "email": "x@example.com", "text": "نص"})
    address = f"/api/v1/articles/{story.pk}/comments"
    response = client.post(address, data, content_type="application/json",
                           HTTP_ORIGIN="https://evil.example")  # fmt: skip
    assert response.status_code == 403
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    response = client.post(address, data, content_type="application/json",
                           HTTP_ORIGIN="https://app.example.com")  # fmt: skip
    assert response.status_code == 201
    assert response["Access-Control-Allow-Origin"] == "https://app.example.com"
    preflight = client.options(address, HTTP_ORIGIN="https://app.example.com",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")  # fmt: skip
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example.com"
    other = client.get("/api/v1/articles", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_a_body_that_is_not_json_gets_a_message(client, db):
    story = ArticleFactory(published=True)
    response = client.post(f"/api/v1/articles/{story.pk}/comments", "not json",
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert json.loads(response.content)["message"] == "ليس المحتوى المرسل JSON صالحاً."
