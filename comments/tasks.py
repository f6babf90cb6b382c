"""Comments' background work: telling the moderators about a pending comment."""

import smtplib

from celery import shared_task
from django.core.cache import cache


@shared_task(autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=5, max_retries=6)
def tell_moderators(comment_id):
    """E-mail the moderators about comment `comment_id` if still pending; retried with a
    growing pause while the mail server fails; sent once even if the task runs twice."""
    from .models import Comment
    from .moderation import notify_moderators

    sent = f"comments:moderators-told:{comment_id}"
    comment = Comment.objects.pending().select_related("article").filter(pk=comment_id).first()
    if comment is None or cache.get(sent):
        return 0
    told = notify_moderators(comment)
    cache.set(sent, 1, timeout=7 * 24 * 3600)
    return told
