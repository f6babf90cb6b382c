from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedStoriesConfig(AppConfig):
    """The «شاهد أيضاً» box: editor-pinned and automatically scored related stories."""

    name = "articles.related"
    label = "related"
    verbose_name = _("Related stories")

    def ready(self):
        from articles.signals import article_published, article_unpublished, articles_imported

        from . import hooks

        article_published.connect(hooks.article_went_live, dispatch_uid="related-live")
        article_unpublished.connect(hooks.article_came_down, dispatch_uid="related-down")
        articles_imported.connect(hooks.articles_imported, dispatch_uid="related-imported")
