from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.db.models.signals import post_delete

        from articles.signals import articles_imported
        from articles.wordpress.signals import comments_found

        from . import moderation, wordpress
        from .models import Comment

        post_delete.connect(moderation.comment_deleted, sender=Comment)
        comments_found.connect(wordpress.import_comments, dispatch_uid="comments-wordpress")
        articles_imported.connect(wordpress.count_comments, dispatch_uid="comments-imported")
