"""The audit log in the admin: read by editors and administrators, written by nobody.

django-auditlog's own list (who, what, changes), with the newsroom's event, the address, and
filters by event, person, kind of object and date; no one, superusers included, can add, change
or delete an entry here (old ones go by `manage.py prune_audit_log`)."""

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

admin.site.unregister(LogEntry)  # django-auditlog's own list: this one takes its place


class PersonFilter(admin.RelatedOnlyFieldListFilter):
    title = _("person")


class EventFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return AuditEntry.Event.choices

    def queryset(self, request, queryset):
        return queryset.filter(additional_data__event=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(LogEntryAdmin):
    list_display = ["created", "event", "user_url", "resource_url", "address", "msg_short"]
    list_filter = [EventFilter, ("actor", PersonFilter), ResourceTypeFilter, "timestamp"]
    search_fields = ["object_repr", "actor__username"]
    list_select_related = ["content_type", "actor"]
    readonly_fields = ["created", "event", "user_url", "address", "resource_url", "msg"]
    fieldsets = [
        (None, {"fields": ["created", "event", "user_url", "address", "resource_url"]}),
        (_("Changes"), {"fields": ["msg"]}),
    ]

    # django-auditlog's columns, named in the newsroom's languages (it has no Arabic).
    @admin.display(description=_("time"), ordering="timestamp")
    def created(self, obj):
        return super().created(obj)

    @admin.display(description=_("person"))
    def user_url(self, obj):
        return super().user_url(obj)

    @admin.display(description=_("object"))
    def resource_url(self, obj):
        return super().resource_url(obj)

    @admin.display(description=_("event"))
    def event(self, obj):
        return obj.event_label

    @admin.display(description=_("address"))
    def address(self, obj):
        return obj.remote_addr or "—"

    @admin.display(description=_("Changes"))
    def msg_short(self, obj):
        return super().msg_short(obj)

    @admin.display(description=_("Changes"))
    def msg(self, obj):
        return super().msg(obj)

    def has_delete_permission(self, request, obj=None):
        return False
