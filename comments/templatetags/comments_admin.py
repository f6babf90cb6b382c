"""The pending-comments panel on the admin start page."""

from django import template

from ..models import Comment

register = template.Library()


@register.inclusion_tag("admin/comments/includes/pending_panel.html", takes_context=True)
def pending_comments_panel(context):
    user = context["request"].user
    if not user.has_perm("comments.change_comment"):
        return {"show": False}
    pending = Comment.objects.pending().select_related("article").order_by("-created_at")
    return {"show": True, "count": pending.count(), "latest": pending[:5]}
