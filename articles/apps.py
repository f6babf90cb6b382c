from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        import reversion
        from django.db.models.signals import post_delete, post_save

        from . import caching, signals
        from .models import Article, Author, ChangeNote, Image, Page, Section, Tag

        reversion.register(Article, follow=["change_notes"])
        reversion.register(ChangeNote)
        signals.article_published.connect(caching.invalidate_public_pages)
        signals.article_unpublished.connect(caching.invalidate_public_pages)
        signals.articles_imported.connect(caching.invalidate_public_pages)
        # Menus, bylines, pictures and pages appear on many cached pages.
        for model in (Section, Tag, Author, Image, Page):
            post_save.connect(caching.invalidate_public_pages, sender=model)
            post_delete.connect(caching.invalidate_public_pages, sender=model)
        post_delete.connect(caching.invalidate_public_pages, sender=Article)
