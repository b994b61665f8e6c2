"""Programmes in the admin: to look up and to pick a campaign's programme, never to edit. The
owning department edits them on its own pages (/work/programmes/), through the audited services."""

from django.contrib import admin

from django.utils.translation import gettext_lazy as _

from workflows.programmes.models import Programme
from workflows.programmes.services import kind_choices


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "code", "kind_name", "owner_department", "total_quota"]
    list_select_related = ["owner_department"]
    list_filter = ["year", "owner_department"]
    search_fields = ["name", "code"]

    def get_fields(self, request, obj=None):
        return ["kind_name" if name == "kind" else name for name in super().get_fields(request, obj)]

    @admin.display(description=_("事项类别"), ordering="kind")
    def kind_name(self, programme):
        """The kind in words (示例申报), as the department's own pages show it, not its code."""
        return kind_choices().get(programme.kind, programme.kind)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
