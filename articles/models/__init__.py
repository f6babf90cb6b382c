"""The newsroom's content: sections, tags, authors, pictures, articles and their autosaves."""

from .article import Article, ArticleQuerySet, ArticleViews, ChangeNote
from .autosave import Autosave
from .image import Image
from .taxonomy import Author, Page, Section, SectionQuerySet, Tag

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleViews",
    "Author",
    "Autosave",
    "ChangeNote",
    "Image",
    "Page",
    "Section",
    "SectionQuerySet",
    "Tag",
]
