"""Article revisions (stored by django-reversion): readable diffs and restoring an old version.

Restoring brings back the content (texts, section, tags, authors, image, flags) and keeps the
workflow state as it is now, so restoring never publishes or unpublishes a story by surprise.
"""

import difflib
import re

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from reversion.models import Version

from .models import Article

WORKFLOW_FIELDS = {"status", "published_at", "updated_at", "version", "created_by"}
# Not content: kept as they are now when a version is restored, and left out of diffs.
IGNORED_FIELDS = WORKFLOW_FIELDS | {
    "id", "modified_at", "created_at", "outdated_translations", "comment_count",
    "comment_threads",
}  # fmt: skip
# modeltranslation keeps the untranslated column in step with the default language.
UNTRANSLATED_COPIES = set(Article.TRANSLATED_FIELDS)
_WORDS = re.compile(r"\s+|[^\s]+")


def versions_for(article):
    return Version.objects.get_for_object(article).select_related("revision__user")


def _compared_fields():
    for field in Article._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in IGNORED_FIELDS:
            continue
        if field.name in UNTRANSLATED_COPIES:
            continue
        yield field


def _display(field, value):
    if value is None or value == "":
        return ""
    if field.many_to_many:
        objects = {obj.pk: str(obj) for obj in field.related_model.objects.filter(pk__in=value)}
        return "، ".join(objects.get(pk, f"#{pk}") for pk in value)
    if field.is_relation:
        obj = field.related_model.objects.filter(pk=value).first()
        return str(obj) if obj else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return strip_tags(str(value)) if field.name.startswith("body") else str(value)


def _word_diff(old, new):
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def diff(old_version, new_fields):
    """The fields that differ between `old_version` and `new_fields` (a version's field_dict),
    each as (label, html with <del>/<ins>)."""
    old_fields = old_version.field_dict if old_version else {}
    changes = []
    for field in _compared_fields():
        key = field.attname if not field.many_to_many else field.name
        old, new = old_fields.get(key), new_fields.get(key)
        if field.many_to_many:
            old, new = sorted(old or []), sorted(new or [])
        if old == new:
            continue
        label = str(field.verbose_name)
        changes.append((label, _word_diff(_display(field, old), _display(field, new))))
    return changes


def history(article):
    """Each version, newest first, with what it changed compared to the one before it."""
    versions = list(versions_for(article))
    rows = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        rows.append({"version": version, "changes": diff(previous, version.field_dict)})
    return rows


def restore(article, version, *, by):
    """Bring back `version`'s content as a new revision, keeping the current workflow state."""
    from .publishing import save_article

    fields = version.field_dict
    m2m = {}
    for field in _compared_fields():
        key = field.name if field.many_to_many else field.attname
        if key not in fields:
            continue
        value = fields[key]
        if field.many_to_many:
            # Tags or authors deleted since that version are left out.
            m2m[field.name] = list(
                field.related_model.objects.filter(pk__in=value).values_list("pk", flat=True)
            )
        elif field.is_relation and value is not None:
            if not field.related_model.objects.filter(pk=value).exists():
                if not field.null:
                    continue  # keep the current one (a section is protected, but be safe)
                value = None  # e.g. a lead image deleted since
            setattr(article, field.attname, value)
        else:
            setattr(article, field.attname, value)
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        # The untranslated column mirrors the default language; set it in that language so
        # a restore from the English admin does not copy Arabic into the English field.
        for lang_field in UNTRANSLATED_COPIES:
            setattr(article, lang_field, getattr(article, f"{lang_field}_ar"))
    was_live = article.is_live

    def set_relations():
        for name, pks in m2m.items():
            getattr(article, name).set(pks)

    date = timezone.localtime(version.revision.date_created)
    save_article(
        article,
        restored=True,
        by=by,
        was_live=was_live,
        comment=_("Restored the version of %(date)s") % {"date": date.strftime("%Y-%m-%d %H:%M")},
        before_revision=set_relations,
    )
    return article
