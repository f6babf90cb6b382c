"""`manage.py seed_bulk`: a newsroom of the asked size, consistent as the site keeps it."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles import search
from articles.models import Article
from articles.related.models import RelatedStory
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_seed_bulk_writes_a_consistent_newsroom_with_a_summary():
    out, err = StringIO(), StringIO()
    call_command("seed_bulk", "--articles", "300", "--comments", "2", stdout=out, stderr=err)
    assert Article.objects.count() == 300
    live = Article.objects.published()
    assert 280 <= live.count() < 300  # a few drafts and scheduled stories among them
    assert live.filter(lead_image__isnull=False).count() == live.count()
    assert live.exclude(headline_en="").exclude(headline_en__isnull=True).count() > 30
    assert all(story.tags.count() == 3 and story.authors.count() == 1 for story in live[:20])
    for story in live.filter(comment_count__gt=0)[:20]:
        assert Comment.objects.approved().filter(article=story).count() == story.comment_count
    newest = live.order_by("-published_at").first()
    assert RelatedStory.objects.filter(article=newest).exists()
    word = newest.headline.split()[0]
    assert newest.pk in search.find(word, language="ar")
    assert "300 stories" in out.getvalue() and "stories: 100%" in err.getvalue()
    call_command("seed_bulk", "--articles", "10", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == 310  # numbered after those already there
