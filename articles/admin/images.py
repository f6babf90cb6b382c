"""The image library, and its chooser for the editor: pick or upload a picture without leaving
the story (`chooser/` answers JSON to static/articles/editor/newsroom.js)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from ..forms import ImageAdminForm
from ..models import Article, Image

CHOOSER_PAGE_SIZE = 24


def thumbnail_url(image):
    smallest = image.renditions[0]["fallback"] if image.renditions else image.file.name
    return image.file.storage.url(smallest)


def image_card(image):
    """What the editor shows of a library picture."""
    return {
        "id": image.pk,
        "thumbnail": thumbnail_url(image),
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "publishable": image.is_publishable,
    }


class ImageUploadForm(ImageAdminForm):
    """The editor's upload: the library's checks, the Arabic texts typed beside the file."""

    class Meta(ImageAdminForm.Meta):
        fields = ["file", "alt_ar", "caption_ar", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_ar"].required = True


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
        return format_html(
            '<img src="{}" alt="" width="120" class="np-admin-thumb">', thumbnail_url(image)
        )

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width}×{image.height}" if image.width else ""

    def has_change_permission(self, request, obj=None):
        """Writers change only their own pictures, and not once one is in a live story."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.has_perm("articles.edit_any_article"):
            return True
        reference = f'data-image-id="{obj.pk}"'
        in_live_story = (
            Article.objects.filter(status__in=Article.LIVE_STATUSES)
            .filter(
                Q(lead_image=obj) | Q(body_ar__contains=reference) | Q(body_en__contains=reference)
            )
            .exists()
        )
        return obj.uploaded_by_id == request.user.pk and not in_live_story

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    # --- the editor's chooser --------------------------------------------------------------

    def get_urls(self):
        return [
            path("chooser/", self.admin_site.admin_view(self.chooser_view), name="image_chooser"),
            path(
                "chooser/upload/",
                self.admin_site.admin_view(self.chooser_upload_view),
                name="image_chooser_upload",
            ),
            *super().get_urls(),
        ]

    def chooser_view(self, request):
        """Library pictures, newest first: `?q=` searches captions, alt texts and credits,
        `?ids=1,2` fetches given pictures (the editor's previews)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        images = Image.objects.order_by("-created_at", "-pk")
        if "ids" in request.GET:
            ids = [
                pk
                for pk in request.GET["ids"].split(",")[:100]
                if pk.isascii() and pk.isdigit() and len(pk) <= 18
            ]
            found = images.filter(pk__in=ids)
            return JsonResponse({"results": [image_card(i) for i in found], "has_more": False})
        query = request.GET.get("q", "").strip()[:100]
        if query:
            images = images.filter(
                Q(alt_ar__icontains=query)
                | Q(alt_en__icontains=query)
                | Q(caption_ar__icontains=query)
                | Q(caption_en__icontains=query)
                | Q(credit__icontains=query)
            )
        page = Paginator(images, CHOOSER_PAGE_SIZE).get_page(request.GET.get("page"))
        return JsonResponse({"results": [image_card(i) for i in page], "has_more": page.has_next()})

    @method_decorator(require_POST)
    def chooser_upload_view(self, request):
        """A new picture through the library's checks; its card, or the form's errors."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
        return JsonResponse(image_card(image), status=201)
