"""Editors pin related stories in the article's admin page (ordered, with autocomplete).

The inline is added to the articles admin from here, so `articles` never imports this part.
Saving a live article sends `article_published` after the commit, which recomputes the
automatic picks around the pins.
"""

from django.contrib import admin

from articles.admin import ArticleAdmin

from .models import PinnedStory


class PinnedStoryInline(admin.TabularInline):
    model = PinnedStory
    fk_name = "article"
    extra = 0
    fields = ["story", "position"]
    autocomplete_fields = ["story"]

    def _may_pin(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return self._may_pin(request)

    def has_change_permission(self, request, obj=None):
        return self._may_pin(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_pin(request)


ArticleAdmin.inlines = [*ArticleAdmin.inlines, PinnedStoryInline]
