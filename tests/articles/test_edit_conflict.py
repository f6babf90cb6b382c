"""Two editors on one article: the later save over a newer one is refused, nothing is lost."""

from django.urls import reverse

from articles import roles
from articles.models import Article
from tests.factories import ArticleFactory, UserFactory, article_form_data


def test_saving_over_a_newer_save_is_refused(client, editor):
    other = UserFactory(username="other_editor", first_name="Salem", role=roles.EDITORS)
    article = ArticleFactory(review=True, headline_ar="العنوان الأصلي")
    url = "/en" + reverse("admin:articles_article_change", args=[article.pk])
    opened_by_both = article_form_data(article)

    client.force_login(other)
    first = client.post(url, {**opened_by_both, "headline_ar": "تعديل سالم"})
    assert first.status_code == 302

    client.force_login(editor)
    second = client.post(url, {**opened_by_both, "headline_ar": "تعديل المحرر"})
    assert second.status_code == 200
    assert "Salem saved this article at" in second.text
    assert "Your changes have not been saved" in second.text
    assert "تعديل المحرر" in second.text  # the refused text is still in the form to copy
    assert Article.objects.get(pk=article.pk).headline_ar == "تعديل سالم"


def test_saving_twice_in_a_row_by_the_same_person_works(client_for, editor):
    article = ArticleFactory(review=True)
    client = client_for(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, article_form_data(article, headline_ar="أولى"))
    article.refresh_from_db()
    response = client.post(url, article_form_data(article, headline_ar="ثانية"))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline_ar == "ثانية"
