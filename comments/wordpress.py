"""A WordPress post's comments, brought in by the import (`manage.py import_wordpress`).

approved → approved, pending → pending, spam → spam; trashed comments, pingbacks and trackbacks
are skipped and counted. Threads are kept: a reply deeper than COMMENTS_THREAD_DEPTH attaches
at the deepest level. Name, email, website, IP address and date come along; bidi controls are
stripped as for the form; no moderator is mailed; the article's count is right afterwards.
"""

import ipaddress
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.wordpress.models import Kind

from .models import Comment
from .moderation import refresh_article
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


def import_comments(sender, *, importer, article, comments, **kwargs):
    summary = importer.summary
    by_wp_id = {}
    changed = False
    # Parents before replies, whatever order the export has them in.
    for comment in sorted(comments, key=lambda c: _id(c, "wp:comment_id")):
        wp_id = _id(comment, "wp:comment_id")
        kind = (comment.get("wp:comment_type") or "comment").strip() or "comment"
        status = (comment.get("wp:comment_approved") or "").strip()
        if kind in ("pingback", "trackback"):
            summary.skip(Kind.COMMENT, _(kind))
            continue
        if status in SKIPPED:
            summary.skip(Kind.COMMENT, _(SKIPPED[status]))
            continue
        if status not in STATUSES or not wp_id:
            summary.fail(Kind.COMMENT, f"comment {wp_id or '?'}", _("unknown status or id"))
            continue
        record = importer.known(Kind.COMMENT, wp_id)
        if record is not None:
            existing = Comment.objects.filter(pk=record.object_id).first()
            if existing is not None:
                by_wp_id[wp_id] = existing
                summary.count(Kind.COMMENT, "unchanged")
                continue
        parent = by_wp_id.get(_id(comment, "wp:comment_parent"))
        if parent is not None and parent.depth >= settings.COMMENTS_THREAD_DEPTH:
            parent = parent.parent or parent  # beside its parent, at the deepest level
        text = clean_text(strip_tags(comment.get("wp:comment_content") or ""))
        url = (comment.get("wp:comment_author_url") or "").strip()
        new = Comment(
            article=article,
            parent=parent,
            depth=(parent.depth + 1) if parent else 1,
            name=clean_text(comment.get("wp:comment_author") or "")[:80] or _("Anonymous"),
            email=(comment.get("wp:comment_author_email") or "").strip()[:254],
            url=url[:200] if url.startswith(("http://", "https://")) else "",
            text=text or "…",
            status=STATUSES[status],
            ip_address=_ip(comment.get("wp:comment_author_IP")),
        )
        try:
            with transaction.atomic():
                new.save()
        except IntegrityError:
            summary.skip(Kind.COMMENT, _("the same text twice by one person"))
            continue
        created_at = _date(comment)
        if created_at:
            Comment.objects.filter(pk=new.pk).update(created_at=created_at)
        importer.remember(Kind.COMMENT, wp_id, new, "")
        by_wp_id[wp_id] = new
        summary.count(Kind.COMMENT, "imported")
        changed = True
    if changed:
        transaction.on_commit(lambda: refresh_article(article.pk))
