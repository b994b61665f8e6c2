"""The admin's view of viewflow's processes and tasks, in place of viewflow's own (which shows the
flow's class path, each flow's docstring as a "brief", and logins; and lets anyone with the
admin edit a process's data): read-only, each row named in words: the flow's title, its item
(reference number and title, linked to the item page), the step, the status in Chinese
(locale/zh_Hans names viewflow's status values), who acted by name. Processes and tasks change
only through the engine's services; here an administrator looks things up."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.fields import get_flow_ref
from viewflow.workflow.models import Process, Task

from core.admin_helpers import ReadOnlyAdmin
from workflows.engine.models import Item


class FlowFilter(admin.SimpleListFilter):
    """By flow, named by its title (the first paragraph of the flow's docstring)."""

    title = _("流程")
    parameter_name = "flow_class"
    field = "flow_class"

    def lookups(self, request, model_admin):
        flows = Process._default_manager.order_by().values_list("flow_class", flat=True).distinct()
        return sorted(((get_flow_ref(flow), str(flow.process_title)) for flow in flows if flow is not None),
                      key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class TaskFlowFilter(FlowFilter):
    field = "process__flow_class"


def _item_columns(queryset, artifact_id: str):
    """The item's reference number and title beside each row: two subqueries of the one list
    query (the item is a generic relation, so there is no join to select)."""
    items = Item.objects.filter(pk=OuterRef(artifact_id))
    return queryset.annotate(item_ref_no=Subquery(items.values("ref_no")[:1]),
                             item_title=Subquery(items.values("title")[:1]))


def _item_link(item_id, ref_no, title):
    if not item_id or ref_no is None:
        return "—"
    return format_html('<a href="{}">{} {}</a>', reverse("workflows:item", args=[item_id]), ref_no, title)


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else "—"


def flow_title(process) -> str:
    return str(process.flow_class.process_title) if process.flow_class else "—"


class ProcessAdmin(ReadOnlyAdmin):
    list_display = ["id", "created", "flow_name", "status", "item_link", "finished"]
    list_display_links = ["id", "created"]
    list_filter = ["status", FlowFilter]
    date_hierarchy = "created"
    ordering = ["-created", "-pk"]
    fields = ["flow_name", "status", "item_link", "created", "finished"]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        return _item_columns(super().get_queryset(request), "artifact_object_id")

    @admin.display(description=_("流程"), ordering="flow_class")
    def flow_name(self, process):
        return flow_title(process)

    @admin.display(description=_("事项"))
    def item_link(self, process):
        return _item_link(process.artifact_object_id, process.item_ref_no, process.item_title)


class TaskAdmin(ReadOnlyAdmin):
    list_display = ["id", "created", "process_name", "item_link", "step", "status", "owner_name", "finished"]
    list_display_links = ["id", "created"]
    list_filter = ["status", TaskFlowFilter]
    date_hierarchy = "created"
    ordering = ["-created", "-pk"]
    list_select_related = ["process", "owner"]
    fields = ["process_name", "item_link", "step", "status", "owner_name", "created", "assigned", "started",
              "finished"]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        return _item_columns(super().get_queryset(request), "process__artifact_object_id")

    @admin.display(description=_("流程"), ordering="process__flow_class")
    def process_name(self, task):
        return f"{flow_title(task.process)} #{task.process_id}"

    @admin.display(description=_("事项"))
    def item_link(self, task):
        return _item_link(task.process.artifact_object_id, task.item_ref_no, task.item_title)

    @admin.display(description=_("环节"))
    def step(self, task):
        return str(task.flow_task.task_title or task.flow_task.name) if task.flow_task else "—"

    @admin.display(description=_("办理人"), ordering="owner__full_name")
    def owner_name(self, task):
        return _name(task.owner)


# viewflow's app, listed before ours, registered its own admins; ours take their place.
admin.site.unregister(Process)
admin.site.unregister(Task)
admin.site.register(Process, ProcessAdmin)
admin.site.register(Task, TaskAdmin)
