"""Posting a comment without JavaScript: a POST, then a redirect back to the article.

Article pages are cached and shared between anonymous readers, so the form carries no
per-reader CSRF token. The post is protected instead by: an Origin/Referer check (a browser
posting from another site is refused), a honeypot field, a flood limit per IP address and per
email (COMMENTS_FLOOD_SECONDS, kept in the shared cache, or read from the database while the
cache is down), the duplicate rule, and moderation.
"""

import hashlib
from datetime import timedelta
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from articles import edge
from articles.models import Article
from articles.views import article_page_context
from newsportal import cache as shared_cache

from . import moderation, pages
from .forms import CommentForm
from .models import Comment
from .rules import BIDI_CONTROLS

REMEMBER_COOKIES = ("comment_author", "comment_author_email")
REMEMBER_SECONDS = 365 * 24 * 3600


def client_ip(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if settings.TRUSTED_PROXY_COUNT and len(hops) >= settings.TRUSTED_PROXY_COUNT:
        return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR") or None


def _same_origin(request):
    """False when a browser says the form was posted from another site."""
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source:
        return True  # not a browser: CSRF is a browser attack, the other defences still apply
    if source == "null":
        return False
    parts = urlsplit(source)
    return url_has_allowed_host_and_scheme(
        f"{parts.scheme}://{parts.netloc}/",
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    )


def _flooding(*keys):
    """True when one of `keys` (IP, email) posted within COMMENTS_FLOOD_SECONDS."""
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if not seconds:
        return False
    flooding = False
    for key in keys:
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]  # any length, any cache
        if key and not cache.add(f"comments:flood:{digest}", 1, timeout=seconds):
            flooding = True
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
    return flooding


def _refuse(request, article, form, message, status=400):
    form.add_error(None, message)
    context = {**article_page_context(request, article), "comment_form": form}
    return render(request, "articles/article_detail.html", context, status=status)


@csrf_exempt
@require_POST
def post_comment(request, article_id):
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    data = request.POST.copy()
    for field in CommentForm.base_fields:
        # Bidi controls never come back either, not even in a form returned with errors.
        data[field] = data.get(field, "").translate(BIDI_CONTROLS)
    form = CommentForm(data, article=article)
    if not moderation.comments_are_open(article):
        return _refuse(request, article, form, _("Comments are closed on this article."), 403)
    if not _same_origin(request):
        return _refuse(
            request, article, form, _("The comment was sent from another site and refused."), 403
        )
    if not form.is_valid():
        return _refuse(request, article, form, _("Your comment was not posted; see below."))
    data = form.cleaned_data
    ip_address = client_ip(request)
    if _flooding(ip_address, data["email"]):
        return _refuse(
            request,
            article,
            form,
            _("You are commenting too quickly. Wait a few seconds and send it again."),
            429,
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
        return _refuse(request, article, form, _("This comment has already been posted."), 409)
    if comment.status == comment.Status.APPROVED:  # to it, on the page of its conversation
        response = HttpResponseRedirect(pages.page_address(comment, "comment=published"))
    else:
        response = HttpResponseRedirect(f"{article.get_absolute_url()}?comment=pending#respond")
    _remember(response, data)
    return response


def _remember(response, data):
    """Keep name and email in cookies only when the reader ticked the box (a small script
    fills the form from them, so cached pages stay the same for everyone)."""
    if data["remember"]:
        for cookie, value in zip(REMEMBER_COOKIES, (data["name"], data["email"]), strict=True):
            response.set_cookie(cookie, quote(value), max_age=REMEMBER_SECONDS, samesite="Lax")
    else:
        for cookie in REMEMBER_COOKIES:
            response.delete_cookie(cookie, samesite="Lax")


class CommentsPageView(DetailView):
    """Older conversations of a story, page `number` (2 and up: the first is the article)."""

    template_name = "comments/page.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("section")

    def get(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        number = self.kwargs["number"]
        if number <= 1 or self.kwargs["slug"] != article.slug:
            # One address per page: the first is the article's, a stale slug is corrected.
            target = pages.address(article, number) if number > 1 else article.get_absolute_url()
            return redirect(target, permanent=True)
        if number > pages.page_count(article):
            raise Http404("No such page of comments.")
        edge.tag(request, article, article.section, edge.comments_key(article.pk))
        return self.render_to_response(self.get_context_data(number=number))
