"""Sections, tags, authors and standing pages: the paper's furniture, kept by editors."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ..models import Author, Page, Section, Tag
from .editor import BodyEditorMixin


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position", "is_in_menu"]
    list_editable = ["position", "is_in_menu"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_ar", "name_en", "slug"]


@admin.register(Page)
class PageAdmin(BodyEditorMixin, TranslationAdmin):
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
