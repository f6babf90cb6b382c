"""A picture in the image library: checked, re-encoded, with responsive renditions."""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Image(models.Model):
    """An uploaded picture, re-encoded without metadata, with responsive renditions."""

    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    alt = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Photographer or agency, e.g. «AFP» or «TOPSHOTS-SYRIA-CONFLICT»."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("For the newsroom: where and when it was taken.")
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    renditions = models.JSONField(_("renditions"), default=list, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt or self.file.name

    def save(self, *args, **kwargs):
        from newsportal import jobs

        from ..images import delete_files, prepare_upload, rendition_files
        from ..tasks import make_renditions

        is_new_file = self.file and not self.file._committed
        if is_new_file:
            prepare_upload(self)
            stale, self.renditions = rendition_files(self.renditions), []  # the job makes new
        super().save(*args, **kwargs)
        if is_new_file:
            if stale:  # a replaced picture's renditions
                transaction.on_commit(lambda: delete_files(stale))
            jobs.enqueue(make_renditions, self.pk)

    def srcset(self, kind="webp"):
        """`srcset` of the renditions: kind "webp" or "fallback" (JPEG, or PNG with alpha)."""
        url = self.file.storage.url
        return ", ".join(f"{url(r[kind])} {r['width']}w" for r in self.renditions)

    @property
    def is_publishable(self):
        """Alt text and a credit line are both required before the picture leads a story."""
        return bool(self.alt and self.alt.strip() and self.credit and self.credit.strip())
