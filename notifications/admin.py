"""Admin in Chinese: policies are edited here until the departments' own pages exist; the outbox
and the schedule are read-only (only the API writes them)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_helpers import ReadOnlyAdmin
from notifications.models import (
    ChannelPreference,
    Delivery,
    Notification,
    PolicyStep,
    ReminderPolicy,
    ScheduledReminder,
    WebhookEndpoint,
)
from notifications.webhooks import save_webhook


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
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "recipient", "state", "created_at", "published_at", "read_at"]
    list_filter = ["state", "kind"]
    search_fields = ["key", "recipient__username", "recipient__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]


@admin.register(ScheduledReminder)
class ScheduledReminderAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "state", "due_at", "deadline", "recipient", "role", "organisation", "policy"]
    list_filter = ["state", "kind"]
    search_fields = ["key", "recipient__username", "recipient__full_name"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient", "organisation", "policy"]


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
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email", "webhook"]
    list_filter = ["kind", "email", "webhook"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]
