"""Admin in Chinese: policies are edited here until the departments' own pages exist; the outbox
and the schedule are read-only (only the API writes them)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_helpers import ReadOnlyAdmin
from core.orgs.roles import role_at
from notifications.models import (
    ChannelPreference,
    Delivery,
    Notification,
    PolicyStep,
    ReminderPolicy,
    ScheduledReminder,
    WebhookEndpoint,
)
from notifications.kinds import kind_label
from notifications.webhooks import save_webhook


class KindFilter(admin.SimpleListFilter):
    """By kind of message, each named in words (notifications.kinds), not by its code."""

    title = _("消息类型")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        codes = model_admin.model._default_manager.order_by().values_list("kind", flat=True).distinct()
        return sorted(((code, kind_label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class KindInWords:
    @admin.display(description=_("消息类型"), ordering="kind")
    def kind_name(self, row):
        return kind_label(row.kind)


class PolicyStepInline(admin.TabularInline):
    model = PolicyStep
    extra = 0
    fields = ["kind", "working_days", "at_time", "level"]

    def _editable(self, obj):
        return obj is None or not obj.in_use

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "in_use_since", "created_at"]
    list_filter = ["code"]
    search_fields = ["name", "code"]
    inlines = [PolicyStepInline]
    actions = ["copy_as_new_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.in_use:
            return ["code", "version", "name", "description", "in_use_since", "created_at"]
        return ["in_use_since", "created_at"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.in_use:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("复制为新版本"))
    def copy_as_new_version(self, request, queryset):
        copies = [policy.new_version() for policy in queryset]
        self.message_user(
            request,
            ngettext("已复制 %(n)d 个策略为新版本。", "已复制 %(n)d 个策略为新版本。", len(copies)) % {"n": len(copies)},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(KindInWords, ReadOnlyAdmin):
    list_display = ["key", "kind_name", "recipient", "state", "created_at", "published_at", "read_at"]
    list_filter = ["state", KindFilter]
    search_fields = ["key", "recipient__username", "recipient__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]


@admin.register(ScheduledReminder)
class ScheduledReminderAdmin(KindInWords, ReadOnlyAdmin):
    # Whom in one column, the policy on the row's page: so the table fits 1280 px.
    list_display = ["key", "kind_name", "state", "due_at", "deadline", "to_whom"]
    list_filter = ["state", KindFilter]
    search_fields = ["key", "recipient__username", "recipient__full_name"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient", "organisation", "policy"]

    @admin.display(description=_("接收人"))
    def to_whom(self, reminder):
        """The person, or the role at its organisation ("和平区的区县审核员") for a queue."""
        if reminder.recipient_id:
            return str(reminder.recipient)
        return role_at(reminder.organisation, reminder.role) if reminder.role else "—"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """Read-only: a delivery that failed for good is an incident, retried from the incident admin."""

    list_display = ["key", "channel", "recipient", "state", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["state", "channel"]
    search_fields = ["key", "recipient__username", "recipient__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["organisation", "flavour", "url", "is_active", "created_at"]
    list_filter = ["flavour", "is_active"]
    search_fields = ["organisation__name", "url"]
    autocomplete_fields = ["organisation"]

    def save_model(self, request, obj, form, change):
        save_webhook(endpoint=obj, by=request.user)


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(KindInWords, admin.ModelAdmin):
    list_display = ["user", "kind_name", "email", "webhook"]
    list_filter = [KindFilter, "email", "webhook"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]
