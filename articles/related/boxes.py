"""Reading and drawing the «شاهد أيضاً» box: pinned stories first in the editor's order, then
the best automatic picks; only live stories, never the article itself. One query, driven by
the box's own index (a query starting from the articles would scan every live story first)."""

from django.conf import settings
from django.utils import timezone

from articles import edge
from articles.html import text_of
from articles.models import Article
from articles.text import excerpt as cut_excerpt

from .models import RelatedStory
from .scoring import config

# What the box draws of each story (its address, headline and excerpt, in every language):
# not the rest of a story's row.
SHOWN = [
    f"story__{name}{suffix}"
    for name in ("slug", "headline", "standfirst", "body")
    for suffix in ("", *(f"_{code}" for code, _name in settings.LANGUAGES))
    if name != "slug" or not suffix
]


def related_for(article, count=None):
    count = count or config()["COUNT"]
    rows = (
        RelatedStory.objects.filter(
            article=article,
            story__status__in=Article.LIVE_STATUSES,
            story__published_at__lte=timezone.now(),
        )
        .select_related("story")
        .only("story_id", *SHOWN)
        .order_by("-is_pinned", "position", "-score")
    )
    stories, seen = [], set()
    for row in rows[: count * 2]:  # room for a pin still doubled by an automatic row
        if row.story_id not in seen:
            seen.add(row.story_id)
            stories.append(row.story)
    return stories[:count]


def related_stories(context, article, count=None, compact=False):
    """`{{ related_stories(article) }}` in a reader's template (newsportal/templating.py
    draws articles/includes/related_box.html with this); `compact=True` for a short list
    elsewhere on a page (a section page's end, a sidebar)."""
    stories = related_for(article, count)
    # A retitled or withdrawn story leaves the box; a new one enters it (r<pk>, on publishing).
    edge.tag(context.get("request"), edge.related_key(article.pk), *stories)
    return {"stories": stories, "compact": compact}


def excerpt(article, length=140):
    """The story's standfirst (or the start of its body, a block's edge a space) cut at a word
    boundary, always ending in "…" as the «شاهد أيضاً» box's teasers do."""
    text = article.standfirst or text_of(article.body or "")
    return cut_excerpt(text, int(length), teaser=True)
