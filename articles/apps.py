from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        import reversion

        from . import caching, signals
        from .models import Article, ChangeNote

        reversion.register(Article, follow=["change_notes"])
        reversion.register(ChangeNote)
        signals.article_published.connect(caching.invalidate_public_pages)
        signals.article_unpublished.connect(caching.invalidate_public_pages)
