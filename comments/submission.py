"""The one way a reader's comment comes in, from the form on the article page or from the API:
the same checks in the same order, the same messages in the reader's language.

Article pages are cached and shared between anonymous readers, so the form carries no
per-reader CSRF token. A post is protected instead by: an Origin/Referer check (a browser
posting from another site is refused; the API also accepts its configured CORS origins), a
honeypot field, a flood limit per IP address and per email (COMMENTS_FLOOD_SECONDS, kept in
the shared cache, or read from the database while the cache is down), the duplicate rule,
and moderation.
"""

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from newsportal import cache as shared_cache

from . import moderation
from .forms import CommentForm
from .models import Comment
from .rules import BIDI_CONTROLS


class Refused(Exception):
    """The comment was not stored: `message` for the reader, `form` with the field errors,
    `status` the HTTP status that says why."""

    def __init__(self, form, message, status):
        super().__init__(message)
        self.form, self.message, self.status = form, message, status


def client_ip(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if settings.TRUSTED_PROXY_COUNT and len(hops) >= settings.TRUSTED_PROXY_COUNT:
        return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR") or None


def same_origin(request, also=()):
    """False when a browser says the post came from another site (`also`: other origins
    allowed, such as the API's CORS origins)."""
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source:
        return True  # not a browser: CSRF is a browser attack, the other defences still apply
    if source == "null":
        return False
    parts = urlsplit(source)
    if f"{parts.scheme}://{parts.netloc}" in also:
        return True
    return url_has_allowed_host_and_scheme(
        f"{parts.scheme}://{parts.netloc}/",
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    )


def flooding(*keys):
    """True when one of `keys` (IP, email) posted within COMMENTS_FLOOD_SECONDS."""
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if not seconds:
        return False
    found = False
    for key in keys:
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]  # any length, any cache
        if key and not cache.add(f"comments:flood:{digest}", 1, timeout=seconds):
            found = True
    if shared_cache.unreachable():
        # Redis is down: the last comments stored say the same, more slowly.
        ip_address, email = keys
        since = timezone.now() - timedelta(seconds=seconds)
        same = Q(pk__in=[])
        if ip_address:
            same |= Q(ip_address=ip_address)
        if email:
            same |= Q(email__iexact=email)
        return Comment.objects.filter(same, created_at__gte=since).exists()
    return found


def form_for(article, raw):
    """The comment form bound to what was sent, bidi controls removed (they never come back,
    not even in a form returned with errors)."""
    data = {}
    for field in CommentForm.base_fields:
        value = raw.get(field)
        data[field] = "" if value is None else str(value).translate(BIDI_CONTROLS)
    return CommentForm(data, article=article)


def submit(request, article, raw, *, origins=()):
    """Check and store a comment sent to `article`; returns (form, comment) or raises
    Refused. `raw` is the POST data or the API's JSON fields."""
    form = form_for(article, raw)
    if not moderation.comments_are_open(article):
        raise Refused(form, _("Comments are closed on this article."), 403)
    if not same_origin(request, origins):
        raise Refused(form, _("The comment was sent from another site and refused."), 403)
    if not form.is_valid():
        raise Refused(form, _("Your comment was not posted; see below."), 400)
    data = form.cleaned_data
    ip_address = client_ip(request)
    if flooding(ip_address, data["email"]):
        raise Refused(
            form, _("You are commenting too quickly. Wait a few seconds and send it again."), 429
        )
    try:
        comment = moderation.post_comment(
            article,
            name=data["name"],
            email=data["email"],
            url=data["url"],
            text=data["text"],
            parent=data["parent"],
            ip_address=ip_address,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except moderation.DuplicateComment:
        raise Refused(form, _("This comment has already been posted."), 409) from None
    return form, comment
