"""An article's history in the admin: each revision with a word diff, and restoring one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError

from .. import revisions


class ArticleHistoryMixin:
    """The history page and the restore action of the article admin."""

    object_history_template = "admin/articles/article/object_history.html"

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
        ]
        return urls + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(headline)s") % {"headline": article},
            "subtitle": None,
            "opts": self.opts,
            "object": article,
            "history": revisions.history(article),
            "can_restore": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(self, request, object_id, version_id):
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(revisions.versions_for(article), pk=version_id)
        try:
            revisions.restore(article, version, by=request.user)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
        except RevertError:
            self.message_user(request, _("This version can no longer be restored."), messages.ERROR)
        else:
            self.message_user(
                request,
                _("The version of %(date)s has been restored as a new revision.")
                % {"date": timezone.localtime(version.revision.date_created).strftime("%H:%M")},
                messages.SUCCESS,
            )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))
