"""The moderation queue: pending first, counts per status, bulk decisions, blocking authors."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import moderation
from .models import Blocklist, Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "excerpt",
        "article_link",
        "status",
        "ip_address",
        "created_at",
    ]
    list_filter = ["status", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "text", "ip_address"]
    show_facets = admin.ShowFacets.ALWAYS  # the count of comments beside each status
    date_hierarchy = "created_at"
    readonly_fields = [
        "article", "parent", "name", "email", "url", "text", "ip_address", "user_agent",
        "created_at", "held_because", "moderated_by", "moderated_at",
    ]  # fmt: skip
    fields = [*readonly_fields, "status"]
    actions = ["approve", "reject", "spam", "block_email", "block_ip"]
    list_per_page = 50

    def get_ordering(self, request):
        return Comment.QUEUE_ORDER  # pending first, newest first

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return format_html('<span dir="auto">{}</span>', Truncator(comment.text).chars(90))

    @admin.display(description=_("article"), ordering="article")
    def article_link(self, comment):
        return format_html(
            '<a href="{}" dir="auto">{}</a>',
            comment.article.get_absolute_url(),
            Truncator(comment.article.headline).chars(60),
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            status = obj.status
            obj.status = form.initial["status"]
            moderation.moderate([obj], status, moderator=request.user)
        else:
            super().save_model(request, obj, form, change)

    def _report(self, request, message, count):
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        count = moderation.approve_comments(queryset, moderator=request.user)
        self._report(
            request, ngettext("%(n)d comment approved.", "%(n)d comments approved.", count), count
        )

    @admin.action(description=_("Reject selected comments"), permissions=["change"])
    def reject(self, request, queryset):
        count = moderation.reject_comments(queryset, moderator=request.user)
        self._report(
            request, ngettext("%(n)d comment rejected.", "%(n)d comments rejected.", count), count
        )

    @admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
    def spam(self, request, queryset):
        count = moderation.mark_spam(queryset, moderator=request.user)
        self._report(
            request,
            ngettext("%(n)d comment marked as spam.", "%(n)d comments marked as spam.", count),
            count,
        )

    @admin.action(description=_("Block the authors' email addresses"), permissions=["change"])
    def block_email(self, request, queryset):
        count = moderation.block_authors(queryset, moderator=request.user)
        self._report(
            request, ngettext("%(n)d address blocked.", "%(n)d addresses blocked.", count), count
        )

    @admin.action(description=_("Block the authors' IP addresses"), permissions=["change"])
    def block_ip(self, request, queryset):
        count = moderation.block_authors(queryset, moderator=request.user, by_ip=True)
        self._report(
            request, ngettext("%(n)d address blocked.", "%(n)d addresses blocked.", count), count
        )


@admin.register(Blocklist)
class BlocklistAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
