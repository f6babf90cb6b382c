"""What each change purges (articles/edge.py), after its commit: the one list of triggers."""

from django.db import transaction

from . import edge

# Sections appear in the menu and footer pages in the footer of every page.
ON_EVERY_PAGE = {"section", "page"}
# Sections and tags have their own sitemaps.
IN_SITEMAPS = {"section", "tag"}
# The API's directories: every section, the tags, the authors (keys `sections`, `tags`…).
IN_DIRECTORIES = {"section", "tag", "author"}


def story_went_live_or_changed(sender, article, **kwargs):
    """Publishing, an edit or a correction of a live story, a scheduled story going live."""
    edge.purge(edge.story_keys(article))


def story_went_down(sender, article, **kwargs):
    """Unpublishing: every page showing it carries its key; the lists it left, too."""
    edge.purge({edge.key_of(article), *edge.LIST_KEYS, "most-read"} | edge.story_keys(article))


def import_finished(sender, **kwargs):
    edge.purge(["all"])


def thing_changed(sender, instance, **kwargs):
    """A section, tag, author, about page or picture saved or deleted: the pages showing it."""
    keys = {edge.key_of(instance)}
    if instance._meta.model_name in ON_EVERY_PAGE:
        keys.add("chrome")
    if instance._meta.model_name in IN_SITEMAPS:
        keys.add("sitemap")
    if instance._meta.model_name in IN_DIRECTORIES:
        keys.add(f"{instance._meta.model_name}s")
    transaction.on_commit(lambda: edge.purge(keys))


def story_deleted(sender, instance, **kwargs):
    keys = {edge.key_of(instance), *edge.LIST_KEYS, "most-read"}
    transaction.on_commit(lambda: edge.purge(keys))


def comments_changed(article_ids):
    """Approved, rejected, spam or erased comments: the stories' pages and their numbered
    comment pages (key `c<pk>`), nothing else: a busy thread on a breaking story does not
    empty every page showing that story in its strip."""
    edge.purge({edge.comments_key(pk) for pk in article_ids})
