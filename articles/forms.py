"""Admin forms: image uploads checked through Pillow, articles guarded against lost edits."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from . import publishing
from .images import validate_upload
from .models import Article, Image


class UploadedImageField(forms.ImageField):
    """Django's ImageField, with our own checks (size, format, pixels, damage) and messages."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        if not getattr(data, "size", 1):
            raise forms.ValidationError(self.error_messages["empty"], code="empty")
        validate_upload(data)  # the one decode: Django's own Pillow check is not needed
        return forms.FileField.to_python(self, data)


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt", "caption", "credit", "description"]
        field_classes = {"file": UploadedImageField}


class ArticleAdminForm(forms.ModelForm):
    """The article form; `loaded_version` refuses a save over someone else's newer save."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "tags",
            "authors",
            "lead_image",
            "status",
            "published_at",
            "is_breaking",
            "is_featured",
            "allows_comments",
            "comments_close_at",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.original_status = self.instance.status
        self.was_live = self.instance.pk is not None and self.instance.is_live
        if not self.is_bound:
            self.initial["loaded_version"] = self.instance.version
        if "status" in self.fields and user is not None:
            allowed = publishing.allowed_statuses(user, self.instance)
            self.fields["status"].choices = [
                choice for choice in self.fields["status"].choices if choice[0] in allowed
            ]

    def clean(self):
        cleaned = super().clean()
        self._refuse_stale_save(cleaned.get("loaded_version"))
        status = cleaned.get("status")
        if status and self.user is not None and status != self.original_status:
            probe = Article(status=self.original_status, created_by_id=self.instance.created_by_id)
            try:
                publishing.check_transition(self.user, probe, status)
            except PermissionDenied as error:
                self.add_error("status", str(error))
        if status in Article.LIVE_STATUSES:
            published_at = cleaned.get("published_at")
            if status == Article.Status.PUBLISHED and not published_at:
                cleaned["published_at"] = timezone.now()  # "publish" with no time: now
            elif status == Article.Status.SCHEDULED and not published_at:
                self.add_error("published_at", _("A scheduled article needs a publication time."))
            elif (
                status == Article.Status.SCHEDULED
                and published_at
                and published_at <= timezone.now()
                # A schedule whose time has come (the scheduler may not have run yet) is
                # live: saving a typo fix must not be refused.
                and {"status", "published_at"} & set(self.changed_data)
            ):
                self.add_error(
                    "published_at", _("The publication time of a schedule must be in the future.")
                )
        return cleaned

    def _refuse_stale_save(self, loaded_version):
        if not self.instance.pk or loaded_version is None:
            return
        # Locks the row until the admin's transaction ends (PostgreSQL), so two saves cannot
        # both pass this check.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or current == loaded_version:
            return
        latest = Version.objects.get_for_object(self.instance).select_related("revision__user")
        latest = latest.first()
        who = _("another user")
        when = ""
        if latest is not None:
            if latest.revision.user:
                who = latest.revision.user.get_full_name() or latest.revision.user.get_username()
            when = date_format(timezone.localtime(latest.revision.date_created), "H:i")
        raise forms.ValidationError(
            _(
                "%(who)s saved this article at %(when)s, after you opened it. Your changes "
                "have not been saved, so that theirs are not lost: copy what you changed, "
                "reload the page to see their version, then apply your changes again."
            ),
            params={"who": who, "when": when},
            code="edit_conflict",
        )
