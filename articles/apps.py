from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        import reversion
        from django.db.models.signals import post_delete, post_save

        from . import purges, search_index, signals
        from .models import Article, Author, ChangeNote, Image, Page, Section, Tag

        reversion.register(Article, follow=["change_notes"])
        reversion.register(ChangeNote)
        signals.article_published.connect(purges.story_went_live_or_changed)
        signals.article_unpublished.connect(purges.story_went_down)
        signals.articles_imported.connect(search_index.index_imported)
        signals.articles_imported.connect(purges.import_finished)
        for model in (Section, Tag, Author, Image, Page):
            post_save.connect(purges.thing_changed, sender=model)
            post_delete.connect(purges.thing_changed, sender=model)
        post_delete.connect(purges.story_deleted, sender=Article)
        post_delete.connect(search_index.story_deleted, sender=Article)
