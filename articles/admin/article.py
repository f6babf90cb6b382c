"""The article admin: writers draft, editors review, schedule and publish.

Every rule is checked on the server (`articles.publishing`), not only by hiding buttons, and
every save goes through `publishing.save_edit`, the one write path of an article.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .. import publishing, search
from ..forms import ArticleAdminForm
from ..models import Article, Autosave, ChangeNote
from ..preview import preview_url
from .autosave import AutosaveMixin, restore_into
from .changelist import (
    ArticleChangeList,
    EstimatedCountPaginator,
    OutdatedTranslationFilter,
    UnfinishedPictureFilter,
)
from .editor import BodyEditorMixin
from .history import ArticleHistoryMixin

Status = Article.Status


class ChangeNoteInline(TranslationTabularInline):
    model = ChangeNote
    extra = 0
    fields = ["kind", "note", "created_at", "editor"]
    readonly_fields = ["editor"]
    verbose_name = _("update or correction")
    verbose_name_plural = _("updates and corrections (shown to readers)")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")


@admin.register(Article)
class ArticleAdmin(BodyEditorMixin, AutosaveMixin, ArticleHistoryMixin, TranslationAdmin):
    form = ArticleAdminForm
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_display = [
        "headline",
        "section",
        "status_label",
        "published_at",
        "byline",
        "is_breaking",
        "translation_state",
        "unsaved_work",
    ]
    list_filter = [
        "status",
        "section",
        "is_breaking",
        "is_featured",
        OutdatedTranslationFilter,
        UnfinishedPictureFilter,
    ]
    list_select_related = ["section"]
    search_fields = ["headline_ar", "headline_en"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "authors", "lead_image"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [ChangeNoteInline]
    actions = ["submit_for_review_action", "publish_action", "unpublish_action"]
    change_form_template = "admin/articles/article/change_form.html"
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Placement"), {"fields": ["section", "tags", "authors", "lead_image"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "is_breaking",
                    "is_featured",
                    "preview_link",
                    "loaded_version",
                ]
            },
        ),
        (_("Comments"), {"fields": ["allows_comments", "comments_close_at"]}),
    ]
    EDITOR_ONLY_FIELDS = ["status", "published_at", "is_breaking", "is_featured"]

    # --- list ------------------------------------------------------------------------------

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_queryset(self, request):
        newer_autosave = Autosave.objects.filter(
            article=OuterRef("pk"), saved_at__gt=OuterRef("modified_at")
        )
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related("authors")
            .annotate(has_newer_autosave=Exists(newer_autosave))
        )
        return queryset.editable_by(request.user)

    def get_search_results(self, request, queryset, search_term):
        """The reader's search engine (articles/search.py) over every story the editor may
        open, in both languages, drafts included; a number also finds the story of that id."""
        term = search.clean(search_term)
        if not term:
            return queryset, False
        found = search.matching(queryset, term)
        if term.isascii() and term.isdigit():
            found = found | queryset.filter(pk=int(term[:12]))
        return found, False

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return format_html(
                '<span class="np-status np-status--scheduled">{}</span>', Status.SCHEDULED.label
            )
        return format_html(
            '<span class="np-status np-status--{}">{}</span>',
            article.status,
            article.get_status_display(),
        )

    @admin.display(description=_("authors"))
    def byline(self, article):
        return "، ".join(author.name for author in article.authors.all())

    @admin.display(description=_("unsaved work"), boolean=False)
    def unsaved_work(self, article):
        """Someone's autosave is newer than the story's last save."""
        if article.has_newer_autosave:
            return format_html(
                '<span class="np-autosaved" title="{}">✎ {}</span>',
                _("An autosave is newer than the last save: its writer can restore it."),
                _("autosaved"),
            )
        return ""

    @admin.display(description=_("English"))
    def translation_state(self, article):
        if article.outdated_translations:
            return format_html('<span class="np-outdated">{}</span>', _("outdated"))
        return "✓" if article.headline_en else "—"

    # --- permissions -----------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return publishing.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.delete_article")

    def get_readonly_fields(self, request, obj=None):
        readonly = ["preview_link"]
        if not request.user.has_perm(publishing.PUBLISH_PERMISSION):
            readonly += self.EDITOR_ONLY_FIELDS
        return readonly

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(publishing.PUBLISH_PERMISSION):
            actions.pop("publish_action", None)
            actions.pop("unpublish_action", None)
        return actions

    # --- form ------------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user
        outdated = set(obj.outdated_translations) if obj else set()
        restoring = request.method == "GET" and request.GET.get("autosave") == "restore"
        autosave = self.autosave_of(request, obj) if restoring else None

        class RequestArticleForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, **kw)
                if autosave is not None and not self.is_bound:
                    restore_into(self, autosave)
                for field in outdated:
                    english = self.fields.get(f"{field}_en")
                    if english is not None:
                        english.label = _("%(label)s — outdated translation") % {
                            "label": english.label
                        }
                        english.help_text = _(
                            "The Arabic text changed after this translation was written."
                        )
                        english.widget.attrs["class"] = "np-outdated-field"

        return RequestArticleForm

    def view_on_site(self, article):
        """Live stories open on the site; the others open their signed preview."""
        return article.get_absolute_url() if article.is_live else preview_url(article)

    @admin.display(description=_("preview"))
    def preview_link(self, article):
        if not article.pk:
            return _("Save the article first.")
        if article.is_live:
            return format_html('<a href="{}">{}</a>', article.get_absolute_url(), _("View"))
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> <span class="help">{}</span>',
            preview_url(article),
            _("Preview as readers will see it"),
            _("The link expires and is not indexed by search engines."),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_submit_for_review"] = not request.user.has_perm(
            publishing.PUBLISH_PERMISSION
        )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET" and obj.outdated_translations:
            self.message_user(
                request,
                _("The English translation is outdated for: %(fields)s.")
                % {
                    "fields": ", ".join(
                        str(Article._meta.get_field(name).verbose_name)
                        for name in obj.outdated_translations
                    )
                },
                messages.WARNING,
            )
        context.update(self.autosave_context(request, obj, self.autosave_of(request, obj)))
        context["site_url_absolute"] = settings.SITE_URL
        context["autosave_url"] = (
            reverse("admin:articles_article_autosave", args=[obj.pk])
            if obj is not None
            else reverse("admin:articles_article_autosave_new")
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Saved with its tags, authors and notes in `save_related`, through publishing."""

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            if isinstance(note, ChangeNote) and note.editor_id is None:
                note.editor = request.user
        formset.save()

    def save_related(self, request, form, formsets, change):
        publishing.save_edit(
            form.instance,
            by=request.user,
            was_live=form.was_live,
            submit_for_review="_submit_for_review" in request.POST,
            before_revision=lambda: super(ArticleAdmin, self).save_related(
                request, form, formsets, change
            ),
        )

    # --- bulk actions ----------------------------------------------------------------------

    def _bulk(self, request, queryset, apply, done_message):
        done, refused = 0, []
        for article in queryset:
            try:
                with transaction.atomic():
                    apply(article)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                refused.append(f"«{article.headline}»: {reason}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Submit selected articles for review"))
    def submit_for_review_action(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: publishing.submit_for_review(article, by=request.user),
            lambda n: (
                ngettext(
                    "%(n)d article submitted for review.", "%(n)d articles submitted for review.", n
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_action(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: publishing.publish(article, by=request.user),
            lambda n: (
                ngettext("%(n)d article published.", "%(n)d articles published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_action(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: publishing.unpublish(article, by=request.user),
            lambda n: (
                ngettext("%(n)d article unpublished.", "%(n)d articles unpublished.", n) % {"n": n}
            ),
        )

    def has_publish_permission(self, request):
        return request.user.has_perm(publishing.PUBLISH_PERMISSION)
