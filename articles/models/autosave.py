"""A writer's unsaved work on a story, kept while the story is open: not a revision, and never
the live story. The admin's article form saves it every 30 seconds and when the page is left."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AutosaveQuerySet(models.QuerySet):
    def of(self, *, article, user):
        """The user's autosave of `article` (None: the story they have not saved yet)."""
        if article is None:
            return self.filter(user=user, article__isnull=True)
        return self.filter(user=user, article=article)

    def discard(self, *, article, user, was_new=False):
        """Spent by a save: the story's autosave, and the new-story one when it was created."""
        condition = Q(article=article)
        if was_new:
            condition |= Q(article__isnull=True)
        self.filter(condition, user=user).delete()


class Autosave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user")
    )
    article = models.ForeignKey(
        "Article",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        verbose_name=_("article"),
    )
    fields = models.JSONField(_("fields"), default=dict)
    base_version = models.PositiveIntegerField(
        _("version it was written over"), null=True, blank=True
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="autosave_one_per_story"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_one_new_story",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.article_id or '+'} · {self.saved_at:%Y-%m-%d %H:%M}"
