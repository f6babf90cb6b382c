"""Posting a comment: the no-JS flow, validation in the reader's language, the spam and abuse
rules, threading, and what readers never see."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from comments.models import Blocklist, Comment
from tests.factories import ArticleFactory, CommentFactory

Status = Comment.Status


def test_valid_comment_is_held_and_the_reader_is_told(client, post, article):
    response = post(article)
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?comment=pending#respond"
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert comment.ip_address == "203.0.113.5"
    page = client.get(response["Location"])
    assert "تعليقك بانتظار المراجعة" in page.text
    assert "تعليق مفيد على الخبر" not in page.text


def test_form_shows_the_required_note_in_arabic(client, article):
    page = client.get(article.get_absolute_url()).text
    assert "اترك تعليقاً" in page
    assert "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *" in page
    for label in ("الاسم", "البريد الإلكتروني", "الموقع الإلكتروني", "التعليق"):
        assert label in page


def test_the_fresh_form_is_drawn_once_per_language_and_follows_the_settings(
    client, article, settings
):
    """The fresh form is kept once drawn: each language keeps its own, a story its own
    address, and a changed comment setting reaches it."""
    article.headline_en = "A story"
    article.save()
    other = ArticleFactory(published=True, headline_en="Another")
    assert "اترك تعليقاً" in client.get(article.get_absolute_url()).text
    english = client.get("/en" + article.get_absolute_url()).text
    assert "Leave a comment" in english and "اترك تعليقاً" not in english
    page = client.get(other.get_absolute_url()).text
    assert f'action="{reverse("comments:post", args=[other.pk])}"' in page
    assert f'action="{reverse("comments:post", args=[article.pk])}"' not in page
    settings.COMMENTS_MAX_LENGTH = 1234
    assert 'maxlength="1234"' in client.get(article.get_absolute_url()).text


def test_english_form_and_messages(client, article):
    article.headline_en = "A story"
    article.save()
    page = client.get("/en" + article.get_absolute_url()).text
    assert "Leave a comment" in page
    assert "Your email address will not be published. Required fields are marked *" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "هذا الحقل مطلوب"),
        ({"name": "\u202e\u200f "}, "هذا الحقل مطلوب"),
        ({"email": "ليس-بريداً"}, "عنوان بريد إلكتروني صحيح"),
        ({"text": ""}, "هذا الحقل مطلوب"),
        ({"text": "أ" * 3001}, "3000"),
        ({"url": "javascript:alert(1)"}, "رابطًا صحيحًا"),
    ],
)
def test_invalid_input_keeps_the_text_and_stores_nothing(post, article, fields, message):
    response = post(article, **{"text": "نص القارئ المحفوظ", **fields})
    assert response.status_code == 400
    assert message in response.text
    if "text" not in fields:
        assert "نص القارئ المحفوظ" in response.text
    assert Comment.objects.count() == 0


def test_honeypot_filled_by_a_bot_stores_nothing(post, article):
    assert post(article, website_confirm="http://spam.example").status_code == 400
    assert Comment.objects.count() == 0


def test_comments_closed_on_the_article(post):
    closed = ArticleFactory(published=True, allows_comments=False)
    response = post(closed)
    assert response.status_code == 403
    assert "التعليقات مغلقة" in response.text
    assert Comment.objects.count() == 0


def test_comments_close_days_after_publication(post, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    old = ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=8))
    assert post(old).status_code == 403
    per_article = ArticleFactory(
        published=True, comments_close_at=timezone.now() - timedelta(minutes=1)
    )
    assert post(per_article).status_code == 403
    assert Comment.objects.count() == 0


def test_cannot_comment_on_a_draft(post):
    assert post(ArticleFactory()).status_code == 404


def test_flood_limit_by_ip_and_by_email(client, article):
    def send(ip, email, text):
        return client.post(
            f"/article/{article.pk}/comment/",
            {"name": "س", "email": email, "text": text},
            REMOTE_ADDR=ip,
        )

    cache.clear()
    assert send("203.0.113.1", "a@example.com", "الأول").status_code == 302
    same_ip = send("203.0.113.1", "b@example.com", "الثاني")
    assert same_ip.status_code == 429
    assert "تعلّق بسرعة" in same_ip.text
    assert "الثاني" in same_ip.text  # the text is kept to send again
    assert send("203.0.113.2", "a@example.com", "الثالث").status_code == 429
    assert Comment.objects.count() == 1


def test_same_text_twice_by_one_reader_is_refused_even_with_harakat(post, article):
    assert post(article, text="خبر جميل").status_code == 302
    again = post(article, text="خَبَرٌ  جمـيـل", ip="203.0.113.9")
    assert again.status_code == 400
    assert "سبق نشر هذا التعليق" in again.text
    assert Comment.objects.count() == 1


def test_two_readers_may_write_the_same_words(post, article):
    assert post(article, text="شكراً").status_code == 302
    assert post(article, text="شكراً", email="other@example.com").status_code == 302
    assert Comment.objects.count() == 2


def test_odd_reply_parameter_is_ignored(client, article):
    CommentFactory(article=article)
    for value in ("²", "-1", "9" * 40, "abc"):
        assert client.get(article.get_absolute_url(), {"replytocom": value}).status_code == 200


def test_post_from_another_site_is_refused(client, article):
    response = client.post(
        f"/article/{article.pk}/comment/",
        {"name": "س", "email": "s@example.com", "text": "نص"},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_remember_me_cookie_only_when_ticked(post, article):
    plain = post(article)
    assert plain.cookies["comment_author"].value == ""  # deleted
    ticked = post(article, remember="on", text="نص آخر")
    assert ticked.cookies["comment_author"].value == "%D8%B3%D8%A7%D9%84%D9%85"  # «سالم»
    assert ticked.cookies["comment_author_email"].value == "salem%40example.com"


@pytest.mark.parametrize(
    ("text", "status", "reason"),
    [
        ("انظر http://a.example و http://b.example و http://c.example", Status.PENDING, "روابط"),
        ("انظر http://a.example و http://b.example", Status.PENDING, ""),
        ("هذا إعلان سـبـام واضح", Status.SPAM, "سبام"),
        ("هذا إعلانُ سَبام", Status.SPAM, "سبام"),
        ("كلام عن القِمار هنا", Status.PENDING, "قمار"),
    ],
)
def test_rules_hold_or_mark_spam(post, article, text, status, reason):
    Blocklist.objects.create(kind=Blocklist.Kind.SPAM_WORD, value="سبام")
    Blocklist.objects.create(kind=Blocklist.Kind.HOLD_WORD, value="قمار")
    assert post(article, text=text).status_code == 302
    comment = Comment.objects.get()
    assert comment.status == status
    assert reason in comment.held_because


def test_blocked_email_and_ip_are_marked_spam(post, article):
    Blocklist.objects.create(kind=Blocklist.Kind.SPAM_EMAIL, value="Bad@Example.com")
    Blocklist.objects.create(kind=Blocklist.Kind.SPAM_IP, value="192.0.2.66")
    post(article, email="bad@example.com", text="واحد")
    post(article, ip="192.0.2.66", text="اثنان", email="ok@example.com")
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.SPAM}


def test_known_commenter_is_auto_approved_when_enabled(
    post, article, settings, django_capture_on_commit_callbacks
):
    CommentFactory(article=article, name="سالم", email="salem@example.com", status=Status.APPROVED)
    post(article, text="الأول")
    assert Comment.objects.get(text="الأول").status == Status.PENDING
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    with django_capture_on_commit_callbacks(execute=True):
        response = post(article, text="الثاني")
    assert "comment=published" in response["Location"]
    assert Comment.objects.get(text="الثاني").status == Status.APPROVED
    article.refresh_from_db()
    assert article.comment_count == 2


def test_a_known_email_under_another_name_is_not_trusted(post, article, settings):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    CommentFactory(article=article, name="سالم", email="salem@example.com", status=Status.APPROVED)
    post(article, name="منتحل", text="أنا لست سالم")
    assert Comment.objects.get(text="أنا لست سالم").status == Status.PENDING
    post(article, name="سالم", email="SALEM@example.com", text="أنا سالم")
    assert Comment.objects.get(text="أنا سالم").status == Status.APPROVED


def test_pending_and_spam_never_show_and_no_email_leaks(client, article):
    CommentFactory(article=article, text="معتمد", email="shown@example.com")
    CommentFactory(article=article, text="معلق", status=Status.PENDING, email="p@example.com")
    CommentFactory(article=article, text="مزعج", status=Status.SPAM)
    CommentFactory(article=article, text="مرفوض", status=Status.REJECTED)
    page = client.get(article.get_absolute_url()).text
    assert "معتمد" in page
    for hidden in ("معلق", "مزعج", "مرفوض", "@example.com"):
        assert hidden not in page


def test_names_and_texts_are_isolated_escaped_and_links_nofollow(client, article):
    CommentFactory(
        article=article,
        name="John Smith",
        url="https://john.example",
        text="<script>alert(1)</script>\nسطر ثان https://kuna.net.kw",
    )
    page = client.get(article.get_absolute_url()).text
    assert "<bdi>John Smith</bdi>" in page
    assert 'class="comment__text" dir="auto"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>سطر ثان" in page
    assert '<a href="https://kuna.net.kw" rel="nofollow ugc noopener">' in page
    assert '<a href="https://john.example" rel="nofollow ugc noopener">' in page
    assert "<script>alert(1)" not in page


def test_bidi_controls_are_stripped(post, article):
    post(article, name="\u202eنور\u202c", text="مرحبا\u2067 بكم\u2069\u200f")
    comment = Comment.objects.get()
    assert comment.name == "نور"
    assert comment.text == "مرحبا بكم"


def test_replies_are_threaded_to_the_configured_depth(client, post, article, settings):
    settings.COMMENTS_THREAD_DEPTH = 3
    top = CommentFactory(article=article, text="الأصل")
    second = CommentFactory(article=article, parent=top, depth=2, text="رد أول")
    third = CommentFactory(article=article, parent=second, depth=3, text="رد على الرد")
    page = client.get(article.get_absolute_url()).text
    assert page.index("الأصل") < page.index("رد أول") < page.index("رد على الرد")
    assert page.count('class="comment-children"') == 2
    assert f"?replytocom={second.pk}#respond" in page
    assert f"?replytocom={third.pk}#respond" not in page  # deepest level: no reply link
    form = client.get(article.get_absolute_url(), {"replytocom": second.pk}).text
    assert f'name="parent" value="{second.pk}"' in form
    post(article, parent=str(second.pk), text="رد جديد")
    assert Comment.objects.get(text="رد جديد").parent == second
    post(article, parent=str(third.pk), text="أعمق", ip="203.0.113.77", email="x@example.com")
    deepest = Comment.objects.get(text="أعمق")
    assert deepest.parent == second and deepest.depth == 3


def test_reply_to_a_pending_comment_is_refused(post, article):
    pending = CommentFactory(article=article, status=Status.PENDING)
    response = post(article, parent=str(pending.pk))
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_article_page_queries_do_not_grow_with_comments(
    client, article, django_assert_max_num_queries
):
    CommentFactory(article=article)
    with django_assert_max_num_queries(20) as one:
        client.get(article.get_absolute_url())
    for n in range(49):
        parent = Comment.objects.order_by("pk").first() if n % 2 else None
        CommentFactory(article=article, parent=parent, depth=2 if parent else 1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(article.get_absolute_url())
    assert page.text.count('class="comment comment--depth') == 50


def test_replies_to_a_hidden_comment_move_up_and_keep_their_reply_link(
    client, post, article, settings
):
    settings.COMMENTS_THREAD_DEPTH = 3
    top = CommentFactory(article=article, text="الأصل", status=Status.REJECTED)
    middle = CommentFactory(article=article, parent=top, depth=2, text="رد وسط")
    deep = CommentFactory(article=article, parent=middle, depth=3, text="رد عميق")
    page = client.get(article.get_absolute_url()).text
    assert "الأصل" not in page
    assert f'id="comment-{middle.pk}" class="comment comment--depth-1"' in page
    assert f'id="comment-{deep.pk}" class="comment comment--depth-2"' in page
    assert f"?replytocom={deep.pk}#respond" in page
    post(article, parent=str(deep.pk), text="جواب")
    assert Comment.objects.get(text="جواب").parent == middle
