"""A story from first draft to publication and after, its change log and its view counts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import search_index
from ..body import image_ids, inline_images
from ..html import sanitize_translations
from ..text import slugify_headline
from .image import Image
from .taxonomy import Author, Section, Tag


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: live now, including scheduled stories whose time has come,
        even if the scheduler has not run yet."""
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__lte=timezone.now(),
        )

    def scheduled(self):
        return self.filter(status=Article.Status.SCHEDULED, published_at__gt=timezone.now())

    def due(self):
        """Scheduled stories whose time has come but whose going-live has not been processed."""
        return self.filter(status=Article.Status.SCHEDULED, published_at__lte=timezone.now())

    def in_review(self):
        return self.filter(status=Article.Status.REVIEW)

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def editable_by(self, user):
        if user.has_perm("articles.edit_any_article"):
            return self
        return self.filter(created_by=user)

    def for_listing(self):
        return self.select_related("section", "lead_image").prefetch_related("authors")

    def for_page(self):
        """A story with everything its full view shows (the API's story), in a fixed number
        of queries. The article page reads its lists with plain queries (articles/views.py)."""
        return self.select_related("section", "lead_image").prefetch_related(
            "tags", "authors", "change_notes"
        )

    def breaking(self, *, hours=6):
        """Live breaking stories of the last `hours`, for the strip under the header."""
        since = timezone.now() - timezone.timedelta(hours=hours)
        return self.published().filter(is_breaking=True, published_at__gte=since)

    def latest_per_section(self, count=4):
        """The newest `count` stories of every menu section (the desks the front page shows;
        an import's child categories are out of the menu), in two queries whatever the number
        of stories: each section's `count`-th newest time (a subquery per section, read from
        the section index), then the stories at or after it. (A window function over every
        live story read the whole table: 0.3 s at 100,000 stories.)"""
        newest = (
            self.filter(section=models.OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[count - 1 : count]
        )
        bounds = Section.objects.for_menu().annotate(bound=models.Subquery(newest))
        few, within = [], Q(pk__in=[])
        for section_id, bound in bounds.values_list("pk", "bound"):
            if bound is None:  # fewer than `count`: all of them
                few.append(section_id)
            else:
                within |= Q(section_id=section_id, published_at__gte=bound)
        return self.filter(within | Q(section_id__in=few)).order_by("-published_at", "-pk")


class Article(models.Model):
    """A story, from first draft to publication and after."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    LIVE_STATUSES = (Status.SCHEDULED, Status.PUBLISHED)
    # What the search documents hold (articles/search_index.py): written again when one changes.
    SEARCHED = {"headline", "standfirst", "body", "status", "published_at"}
    # Content fields translated by modeltranslation; see articles/translation.py.
    TRANSLATED_FIELDS = ("headline", "standfirst", "body")
    COUNTERS = ("comment_count", "comment_threads")

    headline = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        blank=True,
        help_text=_("Cosmetic part of the address; the number in the address keeps links stable."),
    )
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences under the headline.")
    )
    body = models.TextField(_("body"), blank=True)
    section = models.ForeignKey(
        Section, models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    authors = models.ManyToManyField(
        Author, blank=True, related_name="articles", verbose_name=_("authors")
    )
    lead_image = models.ForeignKey(
        Image,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead image"),
    )
    is_breaking = models.BooleanField(_("breaking news"), default=False)
    is_featured = models.BooleanField(_("featured"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the story."),
    )
    updated_at = models.DateTimeField(
        _("last updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Moved by each update or correction shown to readers."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    allows_comments = models.BooleanField(_("comments open"), default=True)
    comments_close_at = models.DateTimeField(
        _("comments close at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the site's default."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    comment_count = models.PositiveIntegerField(_("approved comments"), default=0, editable=False)
    comment_threads = models.PositiveIntegerField(
        _("conversations in the comments"), default=0, editable=False
    )
    outdated_translations = models.JSONField(
        _("outdated translations"), default=list, blank=True, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("edit_any_article", _("Can edit articles by anyone")),
        ]
        indexes = [
            # Matches the default ordering, so newest-first lists read the index in order.
            models.Index(fields=["-published_at", "-id"], name="article_newest_first"),
            models.Index(fields=["status", "published_at"], name="article_status_published"),
            models.Index(
                fields=["section", "status", "published_at"], name="article_section_published"
            ),
            # The English sitemap's stories, and the latest correction (a few rows).
            models.Index(
                fields=["status", "published_at"],
                name="article_translated_live",
                condition=Q(headline_en__gt=""),
            ),
            models.Index(
                fields=["updated_at"],
                name="article_corrected",
                condition=Q(updated_at__isnull=False),
            ),
            # The stories' sitemap pages, read from the index alone on PostgreSQL (50,000
            # addresses in 20 ms; through the rows, 100 ms and a sort).
            models.Index(
                fields=["-published_at", "-id"],
                include=["slug", "updated_at"],
                name="article_sitemap",
                condition=Q(status__in=["published", "scheduled"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(published_at__isnull=False),
                name="article_live_has_date",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        sanitize_translations(self, "body")
        if not self.slug:
            self.slug = slugify_headline(getattr(self, "headline_ar", None) or self.headline)
        self._track_outdated_translations()
        if not self._state.adding and kwargs.get("update_fields") is None:
            self.version = (self.version or 0) + 1
            # The comment count is kept by the comments app with an UPDATE of its own; a save
            # of a copy loaded earlier must not write an old count back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.COUNTERS
            ]
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if getattr(self, "_search_later", False):
            pass  # an import's stories: documents in bulk at its end (search_index.index_imported)
        elif fields is None or any(
            name in self.SEARCHED or name.rsplit("_", 1)[0] in self.SEARCHED for name in fields
        ):
            search_index.index([self])
        self._loaded_translations = {
            name: getattr(self, name, None) for name in getattr(self, "_loaded_translations", {})
        }

    def get_absolute_url(self):
        if self.slug:
            return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})
        return reverse("articles:detail-short", kwargs={"pk": self.pk})

    def has_version(self, language):
        """Whether the story exists in `language`: in Arabic always, in another language once
        its headline is translated (else its pages show the Arabic and send readers there)."""
        return language == settings.LANGUAGE_CODE or bool(getattr(self, f"headline_{language}", ""))

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the story was when loaded: the audit log names a going live or coming down.
        instance._loaded_status = instance.__dict__.get("status")
        instance._loaded_published_at = instance.__dict__.get("published_at")
        instance._loaded_translations = {
            name: getattr(instance, name, None)
            for field in cls.TRANSLATED_FIELDS
            for name in (f"{field}_ar", f"{field}_en")
            if name in field_names
        }
        return instance

    def clean(self):
        if self.status not in self.LIVE_STATUSES:
            return
        errors = {}
        if self.lead_image_id and not self.lead_image.is_publishable:
            errors["lead_image"] = _(
                "The lead image needs alternative text and a credit line "
                "before the article can be published."
            )
        bodies = {lang: getattr(self, f"body_{lang}", "") for lang, _name in settings.LANGUAGES}
        images = inline_images(*bodies.values())  # one query for every language's pictures
        for language, body in bodies.items():
            unfinished = [
                images[pk]
                for pk in image_ids(body)
                if pk in images and not images[pk].is_publishable
            ]
            if unfinished:
                errors[f"body_{language}"] = _(
                    "Pictures in the text need alternative text and a credit line before the "
                    "article can be published: %(pictures)s."
                ) % {"pictures": "، ".join(f"«{image}»" for image in unfinished)}
        if errors:
            raise ValidationError(errors)

    # --- state -----------------------------------------------------------------------------

    @property
    def is_live(self):
        return (
            self.status in self.LIVE_STATUSES
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.SCHEDULED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def _track_outdated_translations(self):
        """Mark an English field outdated when its Arabic source changed without it."""
        loaded = getattr(self, "_loaded_translations", None)
        if not loaded:
            return
        outdated = set(self.outdated_translations or [])
        for field in self.TRANSLATED_FIELDS:
            ar_changed = getattr(self, f"{field}_ar", None) != loaded.get(f"{field}_ar")
            english = getattr(self, f"{field}_en", None)
            en_changed = english != loaded.get(f"{field}_en")
            if not english:
                outdated.discard(field)
            elif en_changed:
                outdated.discard(field)
            elif ar_changed:
                outdated.add(field)
        self.outdated_translations = sorted(outdated)


class ChangeNote(models.Model):
    """An update or a correction shown to readers under the article's dates."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        CORRECTION = "correction", _("Correction")

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="change_notes", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.UPDATE)
    note = models.TextField(_("note for readers"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("editor"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("update or correction")
        verbose_name_plural = _("updates and corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:60]}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The article's public "updated" time follows its newest note.
        Article.objects.filter(pk=self.article_id).filter(
            Q(updated_at__isnull=True) | Q(updated_at__lt=self.created_at)
        ).update(updated_at=self.created_at)


class ArticleViews(models.Model):
    """Views of an article in one hour, flushed from the cache counters in batches."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="views")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("views per hour")
        verbose_name_plural = _("views per hour")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="article_views_hour_once")
        ]
        indexes = [models.Index(fields=["hour", "article"], name="article_views_recent")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.count}"
