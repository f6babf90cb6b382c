"""Autosave in the article form: the page posts its fields every `EDITOR_AUTOSAVE_SECONDS` and
when it is left (static/articles/admin/desk.js); reopening the story offers the saved text back.

An autosave is per user and per story, never a revision and never the live story. Restoring
fills the form with it, written over the version it was made from: when someone else saved the
story since, the form's edit-conflict check refuses the save instead of overwriting theirs.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse, QueryDict
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Autosave

# Buttons, the CSRF token and the edit-conflict guard are not part of what was written.
NOT_SAVED = {"csrfmiddlewaretoken", "loaded_version", "_save", "_continue", "_addanother"}


def restore_into(form, autosave):
    """Make an unbound admin form show the autosaved fields, unvalidated, as typed."""
    data = QueryDict(mutable=True)
    for name, values in autosave.fields.items():
        data.setlist(name, values)
    data["loaded_version"] = "" if autosave.base_version is None else str(autosave.base_version)
    form.data = data
    form.is_bound = True
    form._errors = ErrorDict()  # shown as typed; checked when the writer saves


class AutosaveMixin:
    """The autosave endpoint of the article admin, and the offer to restore."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.autosave_view)
        return [
            path("autosave/", view, name="articles_article_autosave_new"),
            path("<path:object_id>/autosave/", view, name="articles_article_autosave"),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def autosave_view(self, request, object_id=None):
        article = None
        if object_id is not None:
            article = self.get_object(request, object_id)
            if article is None:
                raise Http404
            if not self.has_change_permission(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        fields = {
            name: values
            for name, values in request.POST.lists()
            if name not in NOT_SAVED and "-" not in name  # inline rows are saved with the form
        }
        version = request.POST.get("loaded_version", "")
        now = timezone.now()
        Autosave.objects.update_or_create(
            user=request.user,
            article=article,
            defaults={
                "fields": fields,
                "base_version": int(version)
                if version.isascii() and version.isdigit() and len(version) <= 9
                else None,
                "saved_at": now,
            },
        )
        when = date_format(timezone.localtime(now), "H:i")
        return JsonResponse({"saved_at": now.isoformat(), "message": _("Autosaved at %s") % when})

    def autosave_of(self, request, article):
        return Autosave.objects.of(article=article, user=request.user).first()

    def autosave_context(self, request, article, autosave):
        """The offer to restore (or the note that it was restored) for the form's template."""
        if autosave is None:
            return {"autosave_seconds": settings.EDITOR_AUTOSAVE_SECONDS}
        return {
            "autosave_seconds": settings.EDITOR_AUTOSAVE_SECONDS,
            "autosave": autosave,
            "autosave_restored": request.GET.get("autosave") == "restore",
            "autosave_is_stale": article is not None and autosave.base_version != article.version,
        }
