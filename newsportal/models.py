"""The audit log's entries: django-auditlog's own log entries (its table), seen through a
proxy that names the newsroom's event, kept in each entry's `additional_data`."""

from auditlog.models import LogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryManager(LogEntryManager):
    def of_event(self, event):
        return self.filter(additional_data__event=str(event))


class AuditEntry(LogEntry):
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

    # Entries django-auditlog writes by itself (a registered model saved) name their event by
    # what was saved.
    EVENT_OF_MODEL = {"user": Event.USER, "group": Event.GROUP}

    objects = AuditEntryManager()

    class Meta:
        proxy = True
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    @property
    def event(self):
        return (self.additional_data or {}).get("event", "")

    @property
    def event_label(self):
        event = self.event
        return self.Event(event).label if event in self.Event.values else event


def name_the_event(sender, instance, **kwargs):
    """Before any log entry is stored: the event of one django-auditlog wrote by itself."""
    data = instance.additional_data if isinstance(instance.additional_data, dict) else {}
    if "event" not in data and instance.content_type_id:
        event = AuditEntry.EVENT_OF_MODEL.get(instance.content_type.model)
        if event:
            instance.additional_data = {**data, "event": event}


for _model in (LogEntry, AuditEntry):
    models.signals.pre_save.connect(name_the_event, sender=_model, dispatch_uid=f"event-{_model}")
