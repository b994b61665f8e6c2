"""What the department's notice pages read: the items waiting at a 公示 step that are not yet on a
notice, and a notice's lines with their objections. Reads only, through the rules."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from workflows.engine.access import scoped_items
from workflows.engine.exceptions import NotFound
from workflows.engine.flows import installed_flows
from workflows.engine.models import OPEN, Item
from workflows.engine.notices import rules
from workflows.engine.notices.models import EntryOutcome, Notice, NoticeEntry, Objection
from workflows.engine.notices.step import NoticeStep


def notice_steps() -> list[NoticeStep]:
    return [node for flow_class in installed_flows() for node in flow_class.instance.nodes()
            if isinstance(node, NoticeStep)]


def step_named(ref: str):
    """The NoticeStep whose "module.Flow.step" is `ref`, or None."""
    return next((step for step in notice_steps() if step_ref(step) == ref), None)


def step_ref(step) -> str:
    return f"{step.flow_class.__module__}.{step.flow_class.__name__}.{step.name}"


def waiting_for_notice(user) -> list[tuple[NoticeStep, list[Item]]]:
    """Per NoticeStep, the items `user` sees waiting there and on no running notice."""
    if not rules.handler_departments(user):
        return []
    waiting = []
    on_notice = NoticeEntry.objects.filter(outcome=EntryOutcome.WAITING).values("item_id")
    for step in notice_steps():
        ids = Task.objects.filter(
            flow_task=step, status__in=OPEN, process__artifact_content_type=ContentType.objects.get_for_model(Item),
        ).values("process__artifact_object_id")
        items = list(scoped_items(user, Item.objects.filter(pk__in=ids, status=step.item_status))
                     .exclude(pk__in=on_notice).select_related("organisation").order_by("pk"))
        if items:
            waiting.append((step, items))
    return waiting


def handled_notice(user, pk) -> Notice:
    """A notice `user` handles (404 otherwise)."""
    notice = rules.handled_notices(user).select_related("owner_department", "published_by").filter(pk=pk).first()
    if notice is None:
        raise NotFound(_not_found())
    return notice


def handled_objection(user, pk) -> Objection:
    """An objection `user` handles, with its identity (404 otherwise)."""
    objection = rules.handled_objections(user).filter(pk=pk).first()
    if objection is None:
        raise NotFound(_not_found())
    return objection


def entries_with_objections(notice):
    return NoticeEntry.objects.filter(notice=notice).select_related("item").prefetch_related("objections") \
        .order_by("rank")


def _not_found():
    return _("未找到该公示或异议，或您无权查看。")
