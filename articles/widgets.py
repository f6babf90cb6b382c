"""The story body's editor in the admin: django-prose-editor with the newsroom's tools."""

from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from .embeds import PROVIDERS
from .html import BODY_EXTENSIONS

DIRECTIONS = {"ar": "rtl", "en": "ltr"}
# The toolbar's buttons (django-prose-editor's names), named in the field's own language.
TOOLBAR_LABELS = {
    "toolbar": _("Text formatting"),
    "paragraph": _("Paragraph"),
    "heading2": _("Sub-heading"),
    "heading3": _("Minor sub-heading"),
    "heading4": _("Small heading"),
    "bulletList": _("Bulleted list"),
    "orderedList": _("Numbered list"),
    "blockquote": _("Quote"),
    "horizontalRule": _("Separator line"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "strike": _("Strikethrough"),
    "subscript": _("Subscript"),
    "superscript": _("Superscript"),
    "link": _("Link"),
    "unlink": _("Remove link"),
    "history:undo": _("Undo"),
    "history:redo": _("Redo"),
}


def embed_patterns():
    """The providers' address patterns, in JavaScript's syntax, for pasting and the embed button."""
    return [
        {"provider": provider, "name": name, "pattern": pattern.pattern.replace("(?P<", "(?<")}
        for provider, name, pattern, _player in PROVIDERS
    ]


class BodyEditorWidget(AdminProseEditorWidget):
    """A body field in one language: right-to-left for Arabic, left-to-right for English."""

    def __init__(self, *, language, attrs=None):
        self.language = language
        super().__init__(
            attrs={"dir": DIRECTIONS.get(language, "auto"), "lang": language, **(attrs or {})},
            config={"extensions": BODY_EXTENSIONS},
            preset="newsroom",
        )

    def get_config(self):
        return super().get_config() | {
            "language": self.language,
            "direction": DIRECTIONS.get(self.language, "auto"),
            "label": _("Story text"),
            "imageChooserUrl": reverse_lazy("admin:image_chooser"),
            "imageUploadUrl": reverse_lazy("admin:image_chooser_upload"),
            "embedPatterns": embed_patterns(),
            "toolbarLabels": self.toolbar_labels(),
        }

    def toolbar_labels(self):
        with translation.override(self.language):
            return {name: str(label) for name, label in TOOLBAR_LABELS.items()}
