"""The rich-text editor on the body fields of articles and pages."""

from ..widgets import BodyEditorWidget


class BodyEditorMixin:
    """Edits `body_ar` right-to-left and `body_en` left-to-right with the newsroom's editor."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("body_ar", "body_en"):
            kwargs["widget"] = BodyEditorWidget(language=db_field.name.rsplit("_", 1)[1])
        return super().formfield_for_dbfield(db_field, request, **kwargs)
