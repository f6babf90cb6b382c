"""Posting and moderating comments. The view, the admin actions and the management commands
all call these functions; side effects (mail, counts, caches) run after the commit."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from articles import edge
from articles.models import Article
from articles.purges import comments_changed
from articles.roles import EDITORS, MODERATORS
from newsportal import audit, jobs

from .models import Blocklist, Comment, conversation
from .rules import judge
from .tasks import tell_moderators

Status = Comment.Status


class DuplicateComment(Exception):
    """The same text is already on this article (a race the form's check could not see)."""


def comments_are_open(article, *, now=None):
    """Open when the article is live, allows comments, and its closing time has not passed
    (its own, or COMMENTS_CLOSE_AFTER_DAYS after publication)."""
    now = now or timezone.now()
    if not article.is_live or not article.allows_comments:
        return False
    closes_at = comments_close_at(article)
    return closes_at is None or now < closes_at


def comments_close_at(article):
    """When the story's comments close: its own time, or COMMENTS_CLOSE_AFTER_DAYS after
    publication; None when never."""
    closes_at = article.comments_close_at
    if closes_at is None and settings.COMMENTS_CLOSE_AFTER_DAYS and article.published_at:
        closes_at = article.published_at + timezone.timedelta(
            days=settings.COMMENTS_CLOSE_AFTER_DAYS
        )
    return closes_at


def comments_open_on_page(request, article):
    """Whether the story takes comments, for a page or an API answer drawn for `request`:
    caches keep that answer no longer than until the comments close (articles/edge.py)."""
    is_open = comments_are_open(article)
    if is_open:
        edge.expires(request, comments_close_at(article))
    return is_open


def post_comment(article, *, name, email, url, text, parent, ip_address, user_agent):
    """Store a reader's comment with the status the rules give it; notify after commit."""
    verdict = judge(name=name, email=email, url=url, text=text, ip_address=ip_address)
    comment = Comment(
        article=article,
        parent=parent,
        depth=(parent.depth + 1) if parent else 1,
        name=name,
        email=email,
        url=url,
        text=text,
        status=verdict.status,
        held_because=verdict.reason[:200],
        ip_address=ip_address,
        user_agent=(user_agent or "")[:300],
    )
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError as error:
        raise DuplicateComment from error
    if comment.status == Status.PENDING:
        jobs.enqueue(tell_moderators, comment.pk)
    elif comment.status == Status.APPROVED:
        transaction.on_commit(lambda: refresh_article(comment.article_id))
    return comment


def notify_moderators(comment):
    """E-mail the moderators about a pending comment; returns how many are told."""
    User = get_user_model()
    recipients = set(settings.COMMENTS_MODERATOR_EMAILS) | set(
        User.objects.filter(is_active=True, groups__name__in=[MODERATORS, EDITORS])
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    with override(settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "queue_url": settings.SITE_URL + reverse("admin:comments_comment_changelist")
            + "?status__exact=pending",
        }  # fmt: skip
        subject = _("New comment awaiting moderation: %(headline)s") % {
            "headline": comment.article.headline
        }
        body = render_to_string("comments/email/pending.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(recipients))
    # Sent by a background job (comments/tasks.py), never in the reader's request: a slow or
    # broken mail server holds up nobody, and a failure is retried, then logged.
    message.send()
    return len(recipients)


def refresh_article(article_id):
    """Recount the article's approved comments and drop cached pages that show them."""
    refresh_articles([article_id])


def refresh_articles(article_ids):
    """Recount the approved comments of many articles in one statement (an import's)."""
    approved = Comment.objects.filter(article=OuterRef("pk"), status=Status.APPROVED).values(
        "article"
    )
    conversations = Count(conversation(), distinct=True)
    Article.objects.filter(pk__in=article_ids).update(
        comment_count=Coalesce(Subquery(approved.annotate(n=Count("pk")).values("n")), 0),
        comment_threads=Coalesce(Subquery(approved.annotate(n=conversations).values("n")), 0),
    )
    comments_changed(article_ids)


def comment_deleted(sender, instance, **kwargs):
    """A comment deleted in the admin: its story's counts and pages, after the commit."""
    article_id = instance.article_id
    transaction.on_commit(lambda: refresh_article(article_id))


def moderate(comments, status, *, moderator):
    """Give `comments` a status, recording who decided and when; returns how many changed."""
    comments = list(comments)
    now = timezone.now()
    changed = [c for c in comments if c.status != status]
    for comment in changed:
        comment.previous_status = comment.status
        comment.status = status
        comment.moderated_by = moderator
        comment.moderated_at = now
    with transaction.atomic():  # the decision and its audit entries, together
        Comment.objects.bulk_update(changed, ["status", "moderated_by", "moderated_at"])
        audit.comments_moderated(changed, status, moderator=moderator)
    article_ids = {c.article_id for c in changed}
    transaction.on_commit(lambda: [refresh_article(pk) for pk in article_ids])
    return len(changed)


def approve_comments(comments, *, moderator):
    return moderate(comments, Status.APPROVED, moderator=moderator)


def reject_comments(comments, *, moderator):
    return moderate(comments, Status.REJECTED, moderator=moderator)


def mark_spam(comments, *, moderator):
    return moderate(comments, Status.SPAM, moderator=moderator)


def block_authors(comments, *, moderator, by_ip=False):
    """Put the comments' email (or IP) addresses on the spam list and mark their pending
    comments as spam; returns the number of new list entries."""
    kind = Blocklist.Kind.SPAM_IP if by_ip else Blocklist.Kind.SPAM_EMAIL
    values = {(c.ip_address if by_ip else c.email.lower()) for c in comments} - {None, ""}
    added = 0
    for value in values:
        _, created = Blocklist.objects.get_or_create(
            kind=kind, value=value, defaults={"created_by": moderator}
        )
        added += created
    field = "ip_address__in" if by_ip else "email__in"
    mark_spam(Comment.objects.pending().filter(**{field: values}), moderator=moderator)
    return added


def comments_by_email(email):
    return Comment.objects.filter(email__iexact=email.strip()).select_related("article")


def erase_comments_by_email(email):
    """Delete every comment by `email` (replies by others stay, moved up a level)."""
    comments = comments_by_email(email)
    article_ids = set(comments.values_list("article_id", flat=True))
    with transaction.atomic():
        deleted, _ = comments.delete()
        transaction.on_commit(lambda: [refresh_article(pk) for pk in article_ids])
    return deleted
