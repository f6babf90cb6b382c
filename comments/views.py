"""Posting a comment without JavaScript: a POST, then a redirect back to the article. The
checks are comments/submission.py's, shared with the API."""

from urllib.parse import quote

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from articles import edge
from articles.models import Article
from articles.views import article_page_context

from . import pages
from .submission import Refused, client_ip, submit

__all__ = ["client_ip", "post_comment", "CommentsPageView"]

REMEMBER_COOKIES = ("comment_author", "comment_author_email")
REMEMBER_SECONDS = 365 * 24 * 3600


@csrf_exempt
@require_POST
def post_comment(request, article_id):
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    try:
        form, comment = submit(request, article, request.POST)
    except Refused as refused:
        refused.form.add_error(None, refused.message)
        context = {**article_page_context(request, article), "comment_form": refused.form}
        return render(request, "articles/article_detail.html", context, status=refused.status)
    if comment.status == comment.Status.APPROVED:  # to it, on the page of its conversation
        response = HttpResponseRedirect(pages.page_address(comment, "comment=published"))
    else:
        response = HttpResponseRedirect(f"{article.get_absolute_url()}?comment=pending#respond")
    _remember(response, form.cleaned_data)
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
