"""The audit log's entries: django-auditlog's log entry, with the newsroom's event named."""

from auditlog.models import AbstractLogEntry
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(AbstractLogEntry):
    """Who did what, when, from which address, and what changed (newsportal/audit.py)."""

    class Event(models.TextChoices):
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        UNSCHEDULED = "unscheduled", _("schedule cancelled")
        RESTORED = "restored", _("revision restored")
        DELETED = "deleted", _("story deleted")
        CORRECTED = "corrected", _("correction or update note")
        COMMENT_APPROVED = "comment-approved", _("comment approved")
        COMMENT_REJECTED = "comment-rejected", _("comment rejected")
        COMMENT_SPAM = "comment-spam", _("comment marked as spam")
        COMMENT_ERASED = "comment-erased", _("comment erased")
        BLOCKLIST = "blocklist", _("block list changed")
        IMAGE_DELETED = "image-deleted", _("image deleted")
        SIGNED_IN = "signed-in", _("signed in")
        SIGN_IN_FAILED = "sign-in-failed", _("sign-in failed")
        LOCKED_OUT = "locked-out", _("locked out")
        USER = "user", _("user changed")
        GROUP = "group", _("group changed")

    event = models.CharField(_("event"), max_length=30, choices=Event, db_index=True)

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    # Entries django-auditlog writes by itself (a registered model saved) name their event by
    # what was saved.
    EVENT_OF_MODEL = {"user": Event.USER, "group": Event.GROUP}

    def save(self, *args, **kwargs):
        if not self.event and self.content_type_id:
            self.event = self.EVENT_OF_MODEL.get(self.content_type.model, "")
        super().save(*args, **kwargs)
