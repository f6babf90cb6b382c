"""Reading the «شاهد أيضاً» box: pinned stories first in the editor's order, then the best
automatic picks; only live stories, never the article itself. One query, driven by the box's
own index (a query starting from the articles would scan every live story first)."""

from django.utils import timezone

from articles.models import Article

from .models import RelatedStory
from .scoring import config


def related_for(article, count=None):
    count = count or config()["COUNT"]
    rows = (
        RelatedStory.objects.filter(
            article=article,
            story__status__in=Article.LIVE_STATUSES,
            story__published_at__lte=timezone.now(),
        )
        .select_related("story")
        .order_by("-is_pinned", "position", "-score")
    )
    stories, seen = [], set()
    for row in rows[: count * 2]:  # room for a pin still doubled by an automatic row
        if row.story_id not in seen:
            seen.add(row.story_id)
            stories.append(row.story)
    return stories[:count]
