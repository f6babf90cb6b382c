"""The editor's start page in the admin: my drafts, awaiting review, scheduled next."""

from django import template
from django.utils import timezone

from articles.models import Article

register = template.Library()

START_PAGE_ROWS = 8


@register.inclusion_tag("admin/articles/includes/start_page.html", takes_context=True)
def editor_start_page(context):
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    articles = Article.objects.editable_by(user).only(
        "pk", "headline", "headline_ar", "headline_en", "status", "published_at", "modified_at"
    )
    return {
        "show": True,
        "my_drafts": articles.filter(
            created_by=user, status__in=[Article.Status.DRAFT, Article.Status.UNPUBLISHED]
        ).order_by("-modified_at")[:START_PAGE_ROWS],
        "in_review": articles.in_review().order_by("modified_at")[:START_PAGE_ROWS],
        "scheduled": articles.scheduled().order_by("published_at")[:START_PAGE_ROWS],
        "now": timezone.now(),
        "request": context["request"],
    }
