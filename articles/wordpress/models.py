"""What an import brought in, keyed on the old site and WordPress's ids, and the old site's
addresses that now answer a permanent redirect."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    POST = "post", _("Post")
    PAGE = "page", _("Page")
    ATTACHMENT = "attachment", _("Attachment")
    COMMENT = "comment", _("Comment")
    CATEGORY = "category", _("Category")
    TAG = "tag", _("Tag")
    AUTHOR = "author", _("Author")


class ImportedItem(models.Model):
    """A WordPress object and the object it became here. A second import of the same site
    finds it by (site, kind, WordPress id) and updates it only when its checksum changed."""

    site = models.CharField(_("WordPress site"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    wp_id = models.BigIntegerField(_("WordPress id"))
    object_id = models.BigIntegerField(_("object here"))
    checksum = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wp_item_once"),
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wp_id} → {self.object_id}"


class LegacyAddress(models.Model):
    """An address of the old site (decoded path, or `/?p=23`) and what it now means."""

    class Target(models.TextChoices):
        ARTICLE = "article", _("Article")
        PAGE = "page", _("Page")
        SECTION = "section", _("Section")
        SECTION_FEED = "section_feed", _("Section feed")
        TAG = "tag", _("Tag")
        TAG_FEED = "tag_feed", _("Tag feed")
        AUTHOR = "author", _("Author")
        FEED = "feed", _("Site feed")
        IMAGE = "image", _("Picture")

    path = models.CharField(_("old address"), max_length=500, unique=True)
    target = models.CharField(_("now"), max_length=20, choices=Target)
    object_id = models.BigIntegerField(_("object"), null=True, blank=True)

    class Meta:
        verbose_name = _("old WordPress address")
        verbose_name_plural = _("old WordPress addresses")

    def __str__(self):
        return f"{self.path} → {self.target} {self.object_id or ''}"
