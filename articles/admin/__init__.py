"""The newsroom admin, one module per room: articles (with autosave and history), the image
library and its chooser, taxonomy (sections, tags, authors, pages) and the list's speed-ups."""

from .article import ArticleAdmin, ChangeNoteInline
from .images import ImageAdmin
from .taxonomy import AuthorAdmin, PageAdmin, SectionAdmin, TagAdmin

__all__ = [
    "ArticleAdmin",
    "AuthorAdmin",
    "ChangeNoteInline",
    "ImageAdmin",
    "PageAdmin",
    "SectionAdmin",
    "TagAdmin",
]
