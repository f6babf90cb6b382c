"""`manage.py seed_demo`: the demo newsroom, loaded twice without duplicates."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Image, Section


def test_seed_demo_is_idempotent_and_prints_logins(db, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the pictures' renditions
        call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (Article.objects.count(), Image.objects.count(), Section.objects.count())
    call_command("seed_demo")
    assert (Article.objects.count(), Image.objects.count(), Section.objects.count()) == counts
    assert Article.objects.published().count() >= 30
    assert Section.objects.count() >= 5
    assert Article.objects.exclude(headline_en="").exclude(headline_en=None).count() >= 5
    assert all(image.renditions for image in Image.objects.all())
    for username in ("admin", "editor", "writer", "moderator"):
        assert get_user_model().objects.filter(username=username).exists()
        assert username in first
