"""A story's approved comments, threaded, newest conversations first (as on its page), and
posting one under exactly the form's rules (comments/submission.py): held for moderation,
word lists, flood limit, duplicates, closing. Errors come back as JSON in the reader's
language. Never an email or an address."""

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from articles import edge
from articles.models import Article
from comments import pages
from comments.models import Comment, conversation
from comments.submission import Refused, submit

from . import schemas
from .paging import CursorPagination

router = Router(tags=["comments"])

FIELDS = {"url": "website"}  # the form's names for the API's


class Conversations(CursorPagination):
    """A page of conversations: each shown comment that answers no other shown one, with its
    replies nested (one more query for the whole page)."""

    def __init__(self, **kwargs):
        super().__init__(ordering=("-id",), **kwargs)

    def after_page(self, request, results):
        if not results:
            return
        keys = {comment.thread_id or comment.pk for comment in results}
        replies = (
            Comment.objects.approved()
            .filter(article_id=results[0].article_id)
            .annotate(root=conversation())
            .filter(root__in=keys)
            .exclude(pk__in=[comment.pk for comment in results])
            .order_by("created_at", "pk")
        )
        shown = {comment.pk: comment for comment in results}
        for comment in [*results, *replies]:
            comment.answers = []  # not `replies`: the model's reverse relation
            shown[comment.pk] = comment
        for comment in replies:
            if comment.parent_id in shown:
                shown[comment.parent_id].answers.append(comment)


@router.get(
    "/articles/{int:pk}/comments",
    response={200: list[schemas.Comment], **schemas.ERRORS},
    summary="Approved comments, threaded",
)
@paginate(Conversations)
def thread(request, pk: int, lang: schemas.Lang = "ar"):
    story = get_object_or_404(Article.objects.published(), pk=pk)
    edge.tag(request, story, edge.comments_key(story.pk))
    seen = Comment.objects.approved().filter(article=story)
    answers_nobody_shown = Q(parent__isnull=True) | ~Q(parent__status=Comment.Status.APPROVED)
    return seen.filter(answers_nobody_shown).only(
        "pk", "article_id", "parent_id", "thread_id", "name", "url", "text", "created_at"
    )


@router.post(
    "/articles/{int:pk}/comments",
    response={201: schemas.Posted, 400: schemas.Error, 403: schemas.Error, 404: schemas.Error,
              409: schemas.Error, 422: schemas.Error, 429: schemas.Error},
    summary="Post a comment (held for moderation unless the rules approve it)",
)  # fmt: skip
def post(request, pk: int, comment: schemas.NewComment, lang: schemas.Lang = "ar"):
    story = get_object_or_404(Article.objects.published(), pk=pk)
    raw = {**comment.dict(), "url": comment.website}
    try:
        __, stored = submit(request, story, raw, origins=settings.CORS_ALLOWED_ORIGINS)
    except Refused as refused:
        errors = {
            FIELDS.get(name, name): [str(message) for message in messages]
            for name, messages in refused.form.errors.items()
        }
        message = refused.message
        if refused.status == 400:  # the form's message points below the form
            message = _("Your comment was not posted; see the errors of each field.")
        return Status(refused.status, {"message": str(message), "errors": errors})
    approved = stored.status == Comment.Status.APPROVED
    return Status(
        201,
        {
            "id": stored.pk,
            "status": "approved" if approved else "pending",
            "message": _("Thank you. Your comment is published.")
            if approved
            else _("Thank you. Your comment is awaiting moderation and will appear once approved."),
            "url": request.build_absolute_uri(pages.page_address(stored)) if approved else None,
        },
    )
