"""Readers' comments, held for moderation, and the word and address lists moderators keep."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.arabic import normalize
from articles.models import Article


def conversation():
    """The conversation a comment belongs to, as a query expression: its first comment's id
    (`thread_id`, or its own id on that first comment)."""
    return Coalesce("thread_id", "pk", output_field=models.BigIntegerField())


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A reader's comment on an article; the email is for moderators only, never shown."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1, editable=False)
    # The first comment of the conversation this one belongs to (empty on that first comment
    # itself): pages of comments are cut by conversation, never inside one.
    thread_id = models.BigIntegerField(_("conversation"), null=True, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email"))
    url = models.URLField(_("website"), blank=True)
    text = models.TextField(_("comment"))
    text_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    held_because = models.CharField(_("held because"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # A default, not auto_now_add: an imported comment keeps the time it was posted.
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    QUEUE_ORDER = [
        Case(
            When(status="pending", then=Value(0)), default=Value(1), output_field=IntegerField()
        ).asc(),
        F("created_at").desc(),
    ]

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            # The same text twice on one article by one person is refused (WordPress's rule;
            # two readers may both write «شكراً»), even when the two posts race.
            models.UniqueConstraint(
                fields=["article", "email", "text_hash"], name="comment_text_once_per_author"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status"),
            models.Index(fields=["article", "status", "thread_id"], name="comment_article_thread"),
            models.Index(fields=["email", "status"], name="comment_email_status"),
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
        ]

    def __str__(self):
        return f"{self.name}: {self.text[:50]}"

    def save(self, *args, **kwargs):
        self.text_hash = self.hash_text(self.text)
        if self.parent_id and self.thread_id is None:
            self.thread_id = self.parent.thread_id or self.parent_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Its place on the article page, or on the numbered comments page holding it."""
        from .pages import page_address

        return page_address(self)

    @property
    def root_id(self):
        """Which conversation the comment is in: its first comment's id."""
        return self.thread_id or self.pk

    @staticmethod
    def hash_text(text):
        """Equal for texts that differ only in spacing, case, diacritics or letter variants."""
        folded = " ".join(normalize(text).split())
        return hashlib.sha256(folded.encode()).hexdigest()


class Blocklist(models.Model):
    """Moderation and block lists, as WordPress keeps them under Settings → Discussion."""

    class Kind(models.TextChoices):
        HOLD_WORD = "hold_word", _("Hold for moderation: word")
        SPAM_WORD = "spam_word", _("Mark as spam: word")
        SPAM_EMAIL = "spam_email", _("Mark as spam: email address")
        SPAM_IP = "spam_ip", _("Mark as spam: IP address")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    value = models.CharField(_("value"), max_length=200)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("moderation list entry")
        verbose_name_plural = _("moderation and block lists")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blocklist_entry_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.value.strip()
        if self.kind == self.Kind.SPAM_EMAIL:
            self.value = self.value.lower()
        super().save(*args, **kwargs)
