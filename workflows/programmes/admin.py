"""Programmes in the admin: to look up and to pick a campaign's programme, never to edit. The
owning department edits them on its own pages (/work/programmes/), through the audited services."""

from django.contrib import admin

from workflows.programmes.models import Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "code", "kind", "owner_department", "total_quota"]
    list_select_related = ["owner_department"]
    list_filter = ["year", "owner_department"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
