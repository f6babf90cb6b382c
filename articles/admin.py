"""The newsroom admin: writers draft, editors review, schedule and publish.

Every rule is checked on the server (`articles.publishing`), not only by hiding buttons.
"""

from datetime import datetime, time, timedelta

import reversion
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Max, Min
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from reversion.errors import RevertError

from . import publishing, revisions
from .forms import ArticleAdminForm, ImageAdminForm
from .models import Article, Author, ChangeNote, Image, Page, Section, Tag
from .preview import preview_url

Status = Article.Status


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position", "is_in_menu"]
    list_editable = ["position", "is_in_menu"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_ar", "name_en", "slug"]


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "position", "is_in_footer"]
    list_editable = ["position", "is_in_footer"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_ar", "name_en", "slug"]


@admin.register(Author)
class AuthorAdmin(TranslationAdmin):
    list_display = ["name", "slug", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_ar", "name_en", "slug"]
    autocomplete_fields = ["user", "photo"]


@admin.register(Image)
class ImageAdmin(TranslationAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "alt", "credit", "dimensions", "created_at"]
    search_fields = ["alt_ar", "alt_en", "caption_ar", "caption_en", "credit"]
    readonly_fields = ["thumbnail", "dimensions"]
    date_hierarchy = "created_at"

    @admin.display(description=_("preview"))
    def thumbnail(self, image):
        if not image.file:
            return ""
        smallest = image.renditions[0]["fallback"] if image.renditions else image.file.name
        return format_html(
            '<img src="{}" alt="" width="120" class="np-admin-thumb">',
            image.file.storage.url(smallest),
        )

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width}×{image.height}" if image.width else ""

    def has_change_permission(self, request, obj=None):
        """Writers change only their own pictures, and not once one leads a live story."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.has_perm("articles.edit_any_article"):
            return True
        leads_live_story = Article.objects.filter(
            lead_image=obj, status__in=Article.LIVE_STATUSES
        ).exists()
        return obj.uploaded_by_id == request.user.pk and not leads_live_story

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


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


class OutdatedTranslationFilter(admin.SimpleListFilter):
    title = _("English translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("outdated", _("Outdated")), ("missing", _("Missing"))]

    def queryset(self, request, queryset):
        if self.value() == "outdated":
            return queryset.exclude(outdated_translations=[])
        if self.value() == "missing":
            return queryset.filter(headline_en__isnull=True) | queryset.filter(headline_en="")
        return queryset


class EstimatedCountPaginator(Paginator):
    """On PostgreSQL, an unfiltered list uses the planner's row estimate instead of a full
    COUNT(*) scan: the article list stays fast with hundreds of thousands of rows."""

    @cached_property
    def count(self):
        query = self.object_list.query
        if connection.vendor == "postgresql" and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                    [self.object_list.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > 10_000:
                return row[0]
        return super().count


class RangeDates:
    """Stands in for the change list's queryset in the date hierarchy: years, months and days
    come from the MIN/MAX of the (indexed) date instead of a DISTINCT scan of every row,
    which took half a second at 100,000 articles."""

    def __init__(self, queryset):
        self._queryset = queryset

    def __getattr__(self, name):
        return getattr(self._queryset, name)

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        bounds = self._queryset.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[key]).date() for key in ("first", "last"))
        if kind == "year":
            dates = [
                first.replace(year=y, month=1, day=1) for y in range(first.year, last.year + 1)
            ]
        elif kind == "month":
            dates = [first.replace(month=m, day=1) for m in range(first.month, last.month + 1)]
        else:
            dates = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return [timezone.make_aware(datetime.combine(day, time.min)) for day in dates]


class ArticleChangeList(ChangeList):
    """The article list: texts the columns never show are not loaded."""

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .defer("body", "body_ar", "body_en", "standfirst", "standfirst_ar", "standfirst_en")
        )

    def get_results(self, request):
        super().get_results(request)
        self.queryset = RangeDates(self.queryset)


@admin.register(Article)
class ArticleAdmin(TranslationAdmin):
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
    ]
    list_filter = [
        "status",
        "section",
        "is_breaking",
        "is_featured",
        OutdatedTranslationFilter,
    ]
    list_select_related = ["section"]
    search_fields = ["headline_ar", "headline_en"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "authors", "lead_image"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [ChangeNoteInline]
    actions = ["submit_for_review_action", "publish_action", "unpublish_action"]
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
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
        queryset = super().get_queryset(request).prefetch_related("authors")
        return queryset.editable_by(request.user)

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

        class RequestArticleForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, **kw)
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
        with reversion.create_revision():
            reversion.set_user(request.user)
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
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if "_submit_for_review" in request.POST and obj.status in (Status.DRAFT, Status.REVIEW):
            obj.status = Status.REVIEW
            reversion.set_comment(_("Submitted for review"))
        publishing.normalise_schedule(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            if isinstance(note, ChangeNote) and note.editor_id is None:
                note.editor = request.user
        formset.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        publishing.schedule_side_effects(form.instance, was_live=form.was_live)

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

    # --- history, diff and restore ---------------------------------------------------------

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
        ]
        return urls + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(headline)s") % {"headline": article},
            "subtitle": None,
            "opts": self.opts,
            "object": article,
            "history": revisions.history(article),
            "can_restore": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(self, request, object_id, version_id):
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(revisions.versions_for(article), pk=version_id)
        try:
            revisions.restore(article, version, by=request.user)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
        except RevertError:
            self.message_user(request, _("This version can no longer be restored."), messages.ERROR)
        else:
            self.message_user(
                request,
                _("The version of %(date)s has been restored as a new revision.")
                % {"date": timezone.localtime(version.revision.date_created).strftime("%H:%M")},
                messages.SUCCESS,
            )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))
