"""Revisions: every save recorded, a readable diff in the admin history, restore."""

from django.urls import reverse
from reversion.models import Version

from articles import publishing
from articles.models import Article
from tests.factories import ArticleFactory, TagFactory, article_form_data


def _change_url(article, lang=""):
    return f"{lang}" + reverse("admin:articles_article_change", args=[article.pk])


def test_every_admin_save_and_transition_is_recorded(client_for, editor):
    article = ArticleFactory(review=True, headline_ar="العنوان الأول")
    client = client_for(editor)
    client.post(_change_url(article), article_form_data(article, headline_ar="العنوان الثاني"))
    article.refresh_from_db()
    publishing.publish(article, by=editor)
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert versions[0].revision.user == editor
    assert versions[1].field_dict["headline_ar"] == "العنوان الثاني"


def test_history_shows_a_word_level_diff(client_for, editor):
    tag = TagFactory(name_ar="النفط")
    article = ArticleFactory(review=True, headline_ar="ارتفاع أسعار النفط اليوم")
    client = client_for(editor)
    client.post(_change_url(article), article_form_data(article))
    article.refresh_from_db()
    client.post(
        _change_url(article),
        article_form_data(article, headline_ar="انخفاض أسعار النفط اليوم", tags=[tag.pk]),
    )
    page = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert page.status_code == 200
    assert "<del>ارتفاع</del><ins>انخفاض</ins> أسعار النفط اليوم" in page.text
    assert "<ins>النفط</ins>" in page.text  # the tag added
    assert "Restore" in page.text or "استعادة" in page.text


def test_restore_brings_back_content_and_keeps_the_status(client_for, editor):
    article = ArticleFactory(review=True, headline_ar="النسخة الأولى", body_ar="<p>أ</p>")
    client = client_for(editor)
    client.post(_change_url(article), article_form_data(article))
    first = Version.objects.get_for_object(article).first()
    article.refresh_from_db()
    client.post(
        _change_url(article),
        article_form_data(article, headline_ar="النسخة الثانية", body_ar="<p>ب</p>"),
    )
    article.refresh_from_db()
    publishing.publish(article, by=editor)
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, first.pk]), follow=True
    )
    assert response.status_code == 200
    article = Article.objects.get(pk=article.pk)
    assert article.headline_ar == "النسخة الأولى"
    assert article.body_ar == "<p>أ</p>"
    assert article.status == Article.Status.PUBLISHED
    assert Version.objects.get_for_object(article).count() == 4
    comment = Version.objects.get_for_object(article).first().revision.comment
    assert comment.startswith("استعادة نسخة")  # recorded in the editor's language


def test_writer_cannot_restore_a_published_story(client_for, writer, editor):
    article = ArticleFactory(created_by=writer, review=True)
    publishing.publish(article, by=editor)
    version = Version.objects.get_for_object(article).first()
    response = client_for(writer).post(
        reverse("admin:articles_article_restore", args=[article.pk, version.pk])
    )
    assert response.status_code == 403


def test_restore_needs_a_post(client_for, editor):
    article = ArticleFactory(review=True)
    publishing.submit_for_review(article, by=editor)
    version = Version.objects.get_for_object(article).first()
    response = client_for(editor).get(
        reverse("admin:articles_article_restore", args=[article.pk, version.pk])
    )
    assert response.status_code == 403


def test_restore_from_the_english_admin_keeps_each_language(client_for, editor):
    article = ArticleFactory(review=True, headline_ar="عربي أول", headline_en="English one")
    client = client_for(editor)
    client.post(_change_url(article), article_form_data(article))
    first = Version.objects.get_for_object(article).first()
    article.refresh_from_db()
    client.post(
        _change_url(article),
        article_form_data(article, headline_ar="عربي ثان", headline_en="English two"),
    )
    client.post("/en" + reverse("admin:articles_article_restore", args=[article.pk, first.pk]))
    article = Article.objects.get(pk=article.pk)
    assert (article.headline_ar, article.headline_en) == ("عربي أول", "English one")
