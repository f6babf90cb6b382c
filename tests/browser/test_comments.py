"""The comment form in a real browser with JavaScript turned off: post, redirect, message."""

import pytest

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, locale="ar")
    yield context.new_page()
    context.close()


def test_posting_a_comment_without_javascript(live_server, no_js_page):
    article = ArticleFactory(published=True, headline_ar="خبر للتعليق")
    CommentFactory(article=article, name="John Smith", text="تعليق أول معتمد")
    page = no_js_page
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("#comments .comment").count() == 1
    page.fill("#id_name", "سالم")
    page.fill("#id_email", "salem@example.com")
    page.fill("#id_text", "تعليقي من متصفح بلا جافاسكربت")
    page.click(".comment-form button[type=submit]")
    page.wait_for_url("**?comment=pending#respond")
    assert "تعليقك بانتظار المراجعة" in page.locator("#comment-status").inner_text()
    assert Comment.objects.filter(status="pending", name="سالم").count() == 1
    # The Latin name is isolated inside the RTL comment header.
    name = page.locator(".comment__author bdi").first
    assert name.evaluate("el => getComputedStyle(el).unicodeBidi") == "isolate"


def test_missing_fields_come_back_with_the_text_kept(live_server, no_js_page):
    article = ArticleFactory(published=True)
    page = no_js_page
    page.goto(live_server.url + article.get_absolute_url())
    page.fill("#id_text", "نص لا أريد أن أفقده")
    page.click(".comment-form button[type=submit]")
    assert page.locator("#id_text").input_value() == "نص لا أريد أن أفقده"
    assert "هذا الحقل مطلوب" in page.locator(".comment-form").inner_text()
    assert Comment.objects.count() == 0


def test_reply_link_works_without_javascript(live_server, no_js_page):
    article = ArticleFactory(published=True)
    parent = CommentFactory(article=article, name="نورة", text="سؤال")
    page = no_js_page
    page.goto(live_server.url + article.get_absolute_url())
    page.click(f"#comment-{parent.pk} .comment__reply")
    assert "الرد على" in page.locator("#reply-title").inner_text()
    page.fill("#id_name", "سالم")
    page.fill("#id_email", "salem@example.com")
    page.fill("#id_text", "جواب")
    page.click(".comment-form button[type=submit]")
    page.wait_for_url("**?comment=pending#respond")
    assert Comment.objects.get(text="جواب").parent == parent
