"""Admin for the organisation tree, role grants and participation (in Chinese).

The User admin lives in core/accounts/admin.py (the accounts app owns people's accounts).
"""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import ReadOnlyAdmin
from core.orgs import services
from core.orgs.models import Organisation, Participation, Proxy, RoleGrant

INDENT = "\u3000\u3000"  # two ideographic spaces per level of the tree


class CurrentFilter(admin.SimpleListFilter):
    """Whether a grant or participation is in force now (its validity range contains now)."""

    title = _("当前状态")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("有效")), ("no", _("已失效或未生效"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            now = timezone.now()
            return queryset.filter(Q(valid_from__gt=now) | Q(valid_until__lte=now))
        return queryset


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    fields = ["user", "role", "valid_from", "valid_until"]
    raw_id_fields = ["user"]
    verbose_name_plural = _("在此组织的角色授权")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["tree_name", "kind", "code", "school_type", "ownership", "head", "is_active"]
    list_filter = ["kind", "school_type", "ownership", "is_rural", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    list_select_related = ["head"]
    list_per_page = 200
    autocomplete_fields = ["parent"]
    raw_id_fields = ["head"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "parent", "code", "head", "is_active"]}),
        (_("学校信息"), {"fields": ["school_type", "ownership", "is_rural"]}),
    ]
    inlines = [RoleGrantInline]

    def save_model(self, request, obj, form, change):
        services.save_organisation(organisation=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        _save_grants_formset(request, formset)

    @admin.display(description=_("名称"), ordering="path")
    def tree_name(self, obj):
        # Indented by depth, so that the list ordered by path reads as a tree.
        return format_html("{}{}", INDENT * obj.depth, obj.name)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "valid_from", "valid_until", "current"]
    list_filter = ["role", "organisation__kind", CurrentFilter]
    search_fields = ["user__username", "user__full_name", "organisation__name", "organisation__code"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        services.save_role_grant(grant=obj, by=request.user)

    def delete_model(self, request, obj):
        services.delete_role_grant(grant=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for grant in queryset:
            services.delete_role_grant(grant=grant, by=request.user)

    @admin.display(description=_("当前有效"), boolean=True)
    def current(self, obj):
        return obj.is_current and obj.user.is_active


def _save_grants_formset(request, formset):
    """Inline grants go through the services too, so that each is audited."""
    grants = formset.save(commit=False)
    for grant in formset.deleted_objects:
        services.delete_role_grant(grant=grant, by=request.user)
    for grant in grants:
        services.save_role_grant(grant=grant, by=request.user)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    """Read-mostly: later modules write participation through their services; an admin may only
    shorten or extend its validity (for example, to end a proxy early)."""

    list_display = ["user", "reason", "content_type", "object_id", "target_label", "valid_from", "valid_until", "current"]
    list_filter = ["reason", "content_type", CurrentFilter]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user", "content_type"]
    readonly_fields = ["user", "content_type", "object_id", "target_label", "reason", "created_at"]
    fields = readonly_fields + ["valid_from", "valid_until"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("对象"))
    def target_label(self, obj):
        return str(obj.target) if obj.target is not None else "—"

    @admin.display(description=_("当前有效"), boolean=True)
    def current(self, obj):
        return obj.is_current


@admin.register(Proxy)
class ProxyAdmin(ReadOnlyAdmin):
    """委托代理 are named and ended by the people themselves (their 委托代理 page, the API); the
    admin only shows who acts for whom, and when."""

    list_display = ["principal", "proxy", "starts_on", "ends_on", "reason", "cancelled_at"]
    list_filter = ["starts_on"]
    search_fields = ["principal__username", "principal__full_name", "proxy__username", "proxy__full_name"]
    list_select_related = ["principal", "proxy"]
