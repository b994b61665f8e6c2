"""The audit log in the admin: read-only, for looking things up."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import ReadOnlyAdmin
from core.audit.labels import action_label, status_label
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

    # Six columns, so that the table fits beside the admin's menu and the filters at 1280 px: the
    # proxy's principal goes with the actor, the target's type with its name, the chain's seq to
    # the event's own page.
    list_display = ["created_at", "action_name", "who", "organisation", "target", "status_change"]
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
        # The codes in words: the action and the statuses by their labels.
        words = {"action": "action_name", "from_status": "from_status_name", "to_status": "to_status_name"}
        return [words.get(f.name, f.name) for f in self.model._meta.concrete_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("动作"), ordering="action")
    def action_name(self, event):
        return action_label(event.action)

    @admin.display(description=_("操作人"), ordering="actor")
    def who(self, event):
        if event.actor is None:
            return _("系统")
        if event.acting_for is None:
            return str(event.actor)
        return _("%(actor)s（代%(principal)s）") % {"actor": event.actor, "principal": event.acting_for}

    @admin.display(description=_("对象"), ordering="target_label")
    def target(self, event):
        return _("%(type)s：%(name)s") % {"type": event.content_type.name, "name": event.target_label}

    @admin.display(description=_("原状态"))
    def from_status_name(self, event):
        return status_label(event.content_type.model_class(), event.from_status)

    @admin.display(description=_("新状态"))
    def to_status_name(self, event):
        return status_label(event.content_type.model_class(), event.to_status)

    @admin.display(description=_("状态变化"))
    def status_change(self, event):
        if not (event.from_status or event.to_status):
            return ""
        return f"{self.from_status_name(event) or '—'} → {self.to_status_name(event) or '—'}"
