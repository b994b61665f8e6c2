"""The audit log in the admin: read-only, for looking things up."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import ReadOnlyAdmin
from core.audit.labels import action_label
from core.audit.models import AuditEvent


class ActionFilter(admin.SimpleListFilter):
    """By action, each named in words (core.audit.labels)."""

    title = _("动作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Append-only: nobody adds, edits or deletes events here, not even a superuser."""

    list_display = ["created_at", "action_name", "actor", "acting_for", "organisation", "target_type",
                    "target_label", "seq", "status_change"]
    list_filter = [
        ActionFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    date_hierarchy = "created_at"
    search_fields = ["target_label", "object_id", "comment", "actor__username", "actor__full_name"]
    list_select_related = ["actor", "acting_for", "organisation", "content_type"]
    ordering = ["-created_at", "-seq"]
    show_full_result_count = False  # COUNT(*) over a large log on every page is slow

    def get_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("动作"), ordering="action")
    def action_name(self, event):
        return action_label(event.action)

    @admin.display(description=_("对象类型"), ordering="content_type")
    def target_type(self, event):
        return event.content_type.name

    @admin.display(description=_("状态变化"))
    def status_change(self, event):
        if not (event.from_status or event.to_status):
            return ""
        return f"{event.from_status or '—'} → {event.to_status or '—'}"
