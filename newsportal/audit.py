"""The audit log: who did what, when, from which address, and what changed, site-wide.

Built on django-auditlog: its middleware (here reading the client's address as the comments
do, TRUSTED_PROXY_COUNT) puts the signed-in person and the address on every entry written
during a request; its registry records changes to users, groups (with their permissions) and
the comments' block lists by itself. The newsroom's own actions are recorded by `record`,
called by the code that performs them, inside the same transaction: publishing, scheduling,
unpublishing and restoring (articles/publishing.py), deleting a story, corrections, comment
moderation and erasure, image deletions, sign-ins, failures and lockouts. Story content is
not copied here: its revisions hold it (articles/revisions.py).

Entries older than AUDIT_LOG_DAYS are removed by `manage.py prune_audit_log` (scheduled).
"""

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _


def entry_model():
    from .models import AuditEntry

    return AuditEntry


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the client's address read as the site reads it
    (X-Forwarded-For only from trusted proxies: a header anyone can send names nobody)."""

    @staticmethod
    def _get_remote_addr(request):
        from comments.submission import client_ip

        return client_ip(request)


def record(instance, event, *, changes=None, action=None, actor=None, address=None, name=None):
    """Write one entry about `instance` (in the caller's transaction). The person and address
    come from the request being served unless given; a scheduled job has no person."""
    Entry = entry_model()
    extra = {}
    if actor is not None:
        extra["actor"] = actor
    if address is not None:
        extra["remote_addr"] = address
    if name is not None:
        extra["object_repr"] = name
    # As django-auditlog's own entries (LogEntry): its middleware fills in who and from where
    # on those; AuditEntry is the same rows, read with their event.
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=Entry.Action.UPDATE if action is None else action,
        changes=changes or {},
        additional_data={"event": str(event)},
        **extra,
    )


def change(before, after):
    """A change as django-auditlog writes them: {field: [before, after]}, as text."""
    return {
        name: [_text(before.get(name)), _text(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _text(value):
    if value is None:
        return "None"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def story_saved(article, *, previous_status, previous_time, was_live, by, restored=False):
    """After a story's save in its transaction: record a going live, a schedule, a coming
    down or a restore (other edits are its revisions' business)."""
    Event = entry_model().Event
    changes = change(
        {"status": previous_status, "published_at": previous_time},
        {"status": article.status, "published_at": article.published_at},
    )
    went_live = previous_status == article.Status.SCHEDULED and article.status == "published"
    if restored:
        event = Event.RESTORED
    elif article.is_live and (not was_live or went_live):
        # A scheduled story whose time came is marked published by the first save after it
        # (the scheduler then has nothing left to record).
        event = Event.PUBLISHED
    elif was_live and not article.is_live:
        event = Event.UNPUBLISHED  # readers lose it, whether it comes down or moves later
    elif article.is_scheduled and (previous_status != article.status or "published_at" in changes):
        event = Event.SCHEDULED
    elif previous_status == article.Status.SCHEDULED and not article.is_scheduled:
        event = Event.UNSCHEDULED
    else:
        return None
    return record(article, event, changes=changes, **({"actor": by} if by else {}))


def story_deleted(sender, instance, **kwargs):
    record(instance, entry_model().Event.DELETED, action=entry_model().Action.DELETE)


def note_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        changes = {"kind": ["None", instance.kind], "note": ["None", instance.note]}
        record(instance.article, entry_model().Event.CORRECTED, changes=changes)


def comments_moderated(comments, status, *, moderator):
    """Comments given a status by a moderator (called by comments/moderation.py)."""
    Event = entry_model().Event
    event = {
        "approved": Event.COMMENT_APPROVED,
        "rejected": Event.COMMENT_REJECTED,
        "spam": Event.COMMENT_SPAM,
    }.get(status)
    if event is None:
        return
    for comment in comments:
        record(comment, event, changes={"status": [comment.previous_status, status]},
               actor=moderator, name=comment_name(comment))  # fmt: skip


def comment_name(comment):
    """What entries call a comment: its number and its story's, never the reader's name or
    words (an erasure must leave nothing of them here)."""
    return _("comment %(comment)s on story %(story)s") % {
        "comment": comment.pk, "story": comment.article_id
    }  # fmt: skip


def comment_erased(sender, instance, **kwargs):
    record(instance, entry_model().Event.COMMENT_ERASED, action=entry_model().Action.DELETE,
           name=comment_name(instance))  # fmt: skip


def hidden(value):
    return "••••••"


def _blocked(entry):
    """A block-list entry as the log shows it: words as they are; a reader's email or IP
    address never (the list itself holds it, and forgets it when a moderator removes it)."""
    personal = entry.kind in (entry.Kind.SPAM_EMAIL, entry.Kind.SPAM_IP)
    value = hidden(entry.value) if personal else entry.value
    return value, f"{entry.get_kind_display()}: {value}"


def blocklist_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    value, name = _blocked(instance)
    Action = entry_model().Action
    record(instance, entry_model().Event.BLOCKLIST, name=name,
           action=Action.CREATE if created else Action.UPDATE,
           changes={"kind": ["None", instance.kind], "value": ["None", value]})  # fmt: skip


def blocklist_deleted(sender, instance, **kwargs):
    value, name = _blocked(instance)
    record(instance, entry_model().Event.BLOCKLIST, name=name, action=entry_model().Action.DELETE,
           changes={"kind": [instance.kind, "None"], "value": [value, "None"]})  # fmt: skip


def image_deleted(sender, instance, **kwargs):
    record(instance, entry_model().Event.IMAGE_DELETED, action=entry_model().Action.DELETE)


def _address(request):
    from comments.submission import client_ip

    return client_ip(request) if request is not None else None


def signed_in(sender, request, user, **kwargs):
    record(user, entry_model().Event.SIGNED_IN, action=entry_model().Action.ACCESS,
           actor=user, address=_address(request))  # fmt: skip


def _attempt(event, username, request):
    """An entry about a user name that may match nobody: the name as typed is its object."""
    Entry = entry_model()
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username or ""}).first()
    if user is not None:
        return record(user, event, action=Entry.Action.ACCESS, address=_address(request))
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk="",
        object_repr=(username or "")[:150],
        action=Entry.Action.ACCESS,
        additional_data={"event": str(event)},
        remote_addr=_address(request),
        changes={},
    )


def sign_in_failed(sender, credentials, request=None, **kwargs):
    name = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    _attempt(entry_model().Event.SIGN_IN_FAILED, name, request)


def locked_out(sender, request, username, **kwargs):
    _attempt(entry_model().Event.LOCKED_OUT, username, request)


def connect():
    """Called once from the app's ready()."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed
    from django.db.models.signals import post_delete, post_save

    from articles.models import Article, ChangeNote, Image
    from comments.models import Blocklist, Comment

    User = get_user_model()
    auditlog.register(
        User,
        exclude_fields=["last_login", "date_joined"],
        mask_fields=["password"],  # a password change shows as a change, nothing of the hash
        mask_callable="newsportal.audit.hidden",
        m2m_fields={"groups", "user_permissions"},
    )
    auditlog.register(Group, m2m_fields={"permissions"})
    post_save.connect(blocklist_saved, sender=Blocklist, dispatch_uid="audit-blocklist")
    post_delete.connect(blocklist_deleted, sender=Blocklist, dispatch_uid="audit-blocklist-off")
    post_delete.connect(story_deleted, sender=Article, dispatch_uid="audit-story")
    post_save.connect(note_added, sender=ChangeNote, dispatch_uid="audit-note")
    post_delete.connect(comment_erased, sender=Comment, dispatch_uid="audit-comment")
    post_delete.connect(image_deleted, sender=Image, dispatch_uid="audit-image")
    user_logged_in.connect(signed_in, dispatch_uid="audit-sign-in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit-locked-out")
