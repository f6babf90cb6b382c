"""Content fields translated by django-modeltranslation (Arabic default and fallback)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Article, Author, ChangeNote, Image, Page, Section, Tag


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"ar": ("name",)}


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("name", "bio")
    required_languages = {"ar": ("name",)}


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    fields = ("alt", "caption")
    required_languages = {"ar": ("alt",)}


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = Article.TRANSLATED_FIELDS
    required_languages = {"ar": ("headline",)}


@register(ChangeNote)
class ChangeNoteTranslationOptions(TranslationOptions):
    fields = ("note",)
    required_languages = ("ar",)


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = {"ar": ("title",)}
