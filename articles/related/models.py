"""Stored related-story lists (one row per pair with its score), editors' pins, and the term
index that finds candidates without reading every article."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class RelatedStory(models.Model):
    """One story in an article's box: an editor's pin (ordered) or an automatic pick with its
    score, precomputed when the article is published or edited."""

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="related_stories", verbose_name=_("article")
    )
    story = models.ForeignKey(
        Article, models.CASCADE, related_name="related_in", verbose_name=_("related story")
    )
    is_pinned = models.BooleanField(_("pinned by an editor"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    score = models.FloatField(_("score"), default=0.0)

    class Meta:
        ordering = ["-is_pinned", "position", "-score", "pk"]
        verbose_name = _("related story")
        verbose_name_plural = _("related stories")
        constraints = [
            # A story is pinned once and picked automatically once; a pin added after the
            # last recompute may sit beside an automatic row until the next one.
            models.UniqueConstraint(
                fields=["article", "story"], condition=Q(is_pinned=True), name="pinned_once"
            ),
            models.UniqueConstraint(
                fields=["article", "story"], condition=Q(is_pinned=False), name="picked_once"
            ),
            models.CheckConstraint(condition=~Q(article=F("story")), name="related_not_itself"),
        ]
        indexes = [
            models.Index(
                fields=["article", "-is_pinned", "position", "-score"], name="related_box_order"
            )
        ]

    def __str__(self):
        return str(self.story)


class PinnedStoryManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(is_pinned=True)


class PinnedStory(RelatedStory):
    """The editor's pins, for the article admin's inline."""

    objects = PinnedStoryManager()

    class Meta:
        proxy = True
        verbose_name = _("pinned related story")
        verbose_name_plural = _("pinned related stories (shown first)")

    def save(self, *args, **kwargs):
        self.is_pinned = True
        self.score = 0.0
        super().save(*args, **kwargs)


class ArticleTerm(models.Model):
    """A normalised, stemmed term of a live article with its weight in that article."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="article_term_once"),
        ]
        indexes = [models.Index(fields=["term", "article"], name="article_term_lookup")]

    def __str__(self):
        return f"{self.term}: {self.weight:.3f}"
