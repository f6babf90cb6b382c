"""Signals other parts listen to (related stories, caches) without `Article` importing them."""

from django.dispatch import Signal

# Sent after the commit that made an article visible to readers (or changed a live one).
article_published = Signal()
# Sent after the commit that took a live article down.
article_unpublished = Signal()
# Sent after the commit of an import, with the ids of every story it brought in or changed.
articles_imported = Signal()
