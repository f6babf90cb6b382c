"""Scheduling by time: readers never see a story early, even with no scheduler running."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from articles.signals import article_published
from tests.factories import ArticleFactory, article_form_data


def test_scheduled_story_is_hidden_until_its_time(db, client):
    article = ArticleFactory(scheduled=True)
    assert not Article.objects.published().exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in client.get("/").text


def test_scheduled_story_appears_at_its_time_without_the_command(db, client):
    article = ArticleFactory(scheduled=True)
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert list(Article.objects.published()) == [article]
    assert client.get(article.get_absolute_url()).status_code == 200


def test_publish_scheduled_command_runs_going_live_effects(
    db, django_capture_on_commit_callbacks, capsys
):
    due = ArticleFactory(scheduled=True)
    later = ArticleFactory(scheduled=True)
    Article.objects.filter(pk=due.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    received = []
    article_published.connect(
        lambda article, **kw: received.append(article.pk), weak=False, dispatch_uid="sched"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled")
    finally:
        article_published.disconnect(dispatch_uid="sched")
    assert received == [due.pk]
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Article.Status.PUBLISHED
    assert later.status == Article.Status.SCHEDULED
    assert "1 scheduled article(s) published" in capsys.readouterr().out


def test_editor_scheduling_in_the_admin_form_stores_scheduled(client_for, editor):
    article = ArticleFactory(review=True)
    when = timezone.localtime() + timedelta(days=1)
    data = article_form_data(
        article,
        status="published",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    response = client_for(editor).post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert article.is_scheduled


def test_scheduled_status_without_a_future_time_is_refused(client_for, editor):
    article = ArticleFactory(review=True)
    response = client_for(editor).post(
        f"/en/admin/articles/article/{article.pk}/change/",
        article_form_data(article, status="scheduled"),
    )
    assert response.status_code == 200
    assert "A scheduled article needs a publication time." in response.text
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
