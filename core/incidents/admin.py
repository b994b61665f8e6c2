from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.incidents.models import Incident
from core.incidents.services import resolve_incident, retry_incident


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """The list admins work from. Incidents are raised by the system and changed only through the
    two actions below (retry, mark resolved), so every field is read-only here."""

    list_display = ["title", "kind", "key", "status", "occurrences", "attempts", "last_seen_at", "resolved_by"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "key", "detail"]
    date_hierarchy = "last_seen_at"
    actions = ["retry_selected", "resolve_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what went wrong stays

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=gettext_lazy("重试所选异常事件"), permissions=["change"])
    def retry_selected(self, request, queryset):
        for incident in queryset.order_by("pk"):
            try:
                incident = retry_incident(incident, by=request.user)
            except ValidationError as exc:
                self.message_user(request, _("%(title)s：%(error)s") % _parts(incident, exc), messages.ERROR)
                continue
            if incident.is_open:
                self.message_user(
                    request,
                    _("%(title)s：重试失败（%(error)s）") % {"title": incident.title, "error": incident.last_error},
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("%(title)s：重试成功，已解决。") % {"title": incident.title})

    @admin.action(description=gettext_lazy("将所选异常事件标记为已解决"), permissions=["change"])
    def resolve_selected(self, request, queryset):
        for incident in queryset.order_by("pk"):
            try:
                resolve_incident(incident=incident, by=request.user, comment=_("管理员手动标记为已解决"))
            except ValidationError as exc:
                self.message_user(request, _("%(title)s：%(error)s") % _parts(incident, exc), messages.WARNING)
            else:
                self.message_user(request, _("%(title)s：已标记为已解决。") % {"title": incident.title})


def _parts(incident, exc: ValidationError) -> dict:
    # Translators: "；" separates whole messages (English: "; ").
    return {"title": incident.title, "error": _("；").join(exc.messages)}
