"""The paper's furniture: sections, tags, author bylines and standing pages."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..html import sanitize_translations


class SectionQuerySet(models.QuerySet):
    def for_menu(self):
        return self.filter(is_in_menu=True)


class Section(models.Model):
    """A desk of the paper (local, Gulf, economy, sports …), ordered for the site menu."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in the menu"), default=0)
    is_in_menu = models.BooleanField(_("shown in the menu"), default=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class Author(models.Model):
    """A byline: usually a staff member's profile, linked to their login when they have one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "Image",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
        help_text=_("Uploaded like any picture: checked, re-encoded, in several sizes."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Page(models.Model):
    """A standing page of the site (about us, contact, terms), linked from the footer."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    body = models.TextField(_("body"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in the footer"), default=0)
    is_in_footer = models.BooleanField(_("linked from the footer"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        sanitize_translations(self, "body")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page", kwargs={"slug": self.slug})
