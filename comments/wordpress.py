"""A WordPress post's comments, brought in by the import (`manage.py import_wordpress`).

approved → approved, pending → pending, spam → spam; trashed comments, pingbacks and trackbacks
are skipped and counted. Threads are kept: a reply deeper than COMMENTS_THREAD_DEPTH attaches
at the deepest level. Name, email, website, IP address and date come along; bidi controls are
stripped as for the form; no moderator is mailed; the counts of approved comments are
refreshed once for the whole import (`articles_imported`).
"""

import ipaddress
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.wordpress.models import Kind
from articles.wordpress.wxr import checksum

from .models import Comment
from .moderation import refresh_articles
from .rules import clean_text

STATUSES = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING, "spam": Comment.Status.SPAM}
SKIPPED = {
    "trash": gettext_noop("trashed comment"),
    "post-trashed": gettext_noop("trashed comment"),
}


def _date(comment):
    for name, zone in (("wp:comment_date_gmt", "UTC"), ("wp:comment_date", settings.TIME_ZONE)):
        value = (comment.get(name) or "").strip()
        if value and not value.startswith("0000"):
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZoneInfo(zone))
            except ValueError:
                continue
    return None


def _ip(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def _id(comment, name):
    value = (comment.get(name) or "").strip()
    return int(value) if value.isdigit() else 0


def _fields(comment):
    """What the export says of a comment, as it is stored here (without its thread)."""
    text = clean_text(strip_tags(comment.get("wp:comment_content") or "")) or "…"
    url = (comment.get("wp:comment_author_url") or "").strip()
    return {
        "name": clean_text(comment.get("wp:comment_author") or "")[:80] or _("Anonymous"),
        "email": (comment.get("wp:comment_author_email") or "").strip()[:254],
        "url": url[:200] if url.startswith(("http://", "https://")) else "",
        "text": text,
        "text_hash": Comment.hash_text(text),
        "status": STATUSES[(comment.get("wp:comment_approved") or "").strip()],
    }


def _update(importer, wp_id, record, fields, digest, seen):
    """A comment an earlier run brought in: when WordPress changed it since (approved, marked
    spam, edited, trashed), the same change here; True if it changed. A comment recorded
    before its checksum was kept gets its checksum, unchanged (a moderator's decision here
    stands). An edit that would make it the same text as another of its author's keeps the
    text here and takes the status only (one person's text is kept once)."""
    if record.checksum == digest:
        return False
    if record.checksum:
        comment = Comment.objects.filter(pk=record.object_id)
        if "text_hash" in fields:
            own = comment.values_list("email", "text_hash").first()
            fingerprint = (fields["email"], fields["text_hash"])
            if fingerprint != own and fingerprint in seen:
                fields = {"status": fields["status"]}
            else:
                seen.discard(own)
                seen.add(fingerprint)
        comment.update(**fields)
    importer.remember(Kind.COMMENT, wp_id, Comment(pk=record.object_id), digest)
    return bool(record.checksum)


def import_comments(sender, *, importer, article, comments, fresh=False, **kwargs):
    """Bring a post's comments in, parents before replies, a generation at a time in bulk;
    comments brought in earlier follow what changed in WordPress since."""
    summary = importer.summary
    by_wp_id = {}  # WordPress comment id → Comment here
    waiting = []  # (wp_id, parent wp_id, Comment not yet saved)
    digests = {}
    updated = 0
    seen = set(Comment.objects.filter(article=article).values_list("email", "text_hash"))
    for comment in sorted(comments, key=lambda c: _id(c, "wp:comment_id")):
        wp_id = _id(comment, "wp:comment_id")
        kind = (comment.get("wp:comment_type") or "comment").strip() or "comment"
        status = (comment.get("wp:comment_approved") or "").strip()
        if kind in ("pingback", "trackback"):
            summary.skip(Kind.COMMENT, _(kind))
            continue
        if status in SKIPPED:
            record = None if fresh else importer.known(Kind.COMMENT, wp_id)
            # Trashed in WordPress after an earlier run brought it in: taken down here too.
            gone = {"status": Comment.Status.REJECTED}
            if record is not None and _update(importer, wp_id, record, gone, "trash", seen):
                updated += 1
                summary.count(Kind.COMMENT, "updated")
            else:
                summary.skip(Kind.COMMENT, _(SKIPPED[status]))
            continue
        if status not in STATUSES or not wp_id:
            summary.fail(Kind.COMMENT, f"comment {wp_id or '?'}", _("unknown status or id"))
            continue
        fields = _fields(comment)
        digest = checksum(fields)
        record = None if fresh else importer.known(Kind.COMMENT, wp_id)
        if record is not None:
            by_wp_id[wp_id] = record.object_id
            if _update(importer, wp_id, record, fields, digest, seen):
                updated += 1
                summary.count(Kind.COMMENT, "updated")
            else:
                summary.count(Kind.COMMENT, "unchanged")
            continue
        fingerprint = (fields["email"], fields["text_hash"])
        if fingerprint in seen:
            summary.skip(Kind.COMMENT, _("the same text twice by one person"))
            continue
        seen.add(fingerprint)
        digests[wp_id] = digest
        new = Comment(
            article=article,
            ip_address=_ip(comment.get("wp:comment_author_IP")),
            created_at=_date(comment) or timezone.now(),
            **fields,
        )
        waiting.append((wp_id, _id(comment, "wp:comment_parent"), new))
    if (waiting or updated) and not fresh:
        # A story brought in earlier: its counts now (a new story's come after the import).
        transaction.on_commit(lambda: refresh_articles([article.pk]))
    if not waiting:
        return
    known = Comment.objects.filter(pk__in=list(by_wp_id.values()))
    depths, threads = {}, {}
    for pk, depth, thread_id in known.values_list("pk", "depth", "thread_id"):
        depths[pk], threads[pk] = depth, thread_id
    parents_of = {}
    while waiting:
        # A generation: comments whose parent is here already, or is not in the export (a
        # skipped pingback, say: they stand at the top). A cycle of parents breaks the same way.
        pending_ids = {w[0] for w in waiting}
        ready = [w for w in waiting if w[1] in by_wp_id or w[1] not in pending_ids] or waiting
        for _wp_id, parent_id, new in ready:
            parent_pk = by_wp_id.get(parent_id)
            if parent_pk and depths[parent_pk] >= settings.COMMENTS_THREAD_DEPTH:
                parent_pk = parents_of.get(parent_pk) or parent_pk  # beside it, deepest level
            new.parent_id = parent_pk
            new.depth = depths[parent_pk] + 1 if parent_pk else 1
            new.thread_id = (threads[parent_pk] or parent_pk) if parent_pk else None
        Comment.objects.bulk_create([w[2] for w in ready])
        for wp_id, _parent, saved in ready:
            by_wp_id[wp_id] = saved.pk
            depths[saved.pk], threads[saved.pk] = saved.depth, saved.thread_id
            parents_of[saved.pk] = saved.parent_id
        importer.remember_new(Kind.COMMENT, {w[0]: w[2] for w in ready}, digests)
        summary.count(Kind.COMMENT, "imported", len(ready))
        done = {w[0] for w in ready}
        waiting = [w for w in waiting if w[0] not in done]


def count_comments(sender, article_ids, **kwargs):
    """After an import's commit: every imported story's count of approved comments."""
    refresh_articles(article_ids)
