"""What a batch approval (批量审批) may hold. The one place for it: the service, the 待办 and
可领取 pages (which tasks get a checkbox) and the API all ask here.

Who may approve each task is not decided here: that is `access.check_actor`, applied by
`approve_task` to every task of the batch as to a single approval.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from workflows.engine import acts
from workflows.engine.access import scoped_items
from workflows.engine.models import Item
from workflows.engine.nodes import Step, acts_of
from workflows.engine.reading.selectors import HUMAN
from workflows.engine.reading.stats import kind_label
from workflows.engine.signing.step import MultiStep

# The step types whose 通过 is the whole decision: nothing to fill in, score or read first. A
# type not listed (a 填报 Report, a MeetingStep whose minutes are read first, a ScoringStep, a
# new step type) is approved one item at a time until someone decides it may be batched.
BATCHABLE = (Step, MultiStep)


def batch_max() -> int:
    """The most tasks one batch may hold (setting WORKFLOWS_BATCH_APPROVE_MAX, default 100)."""
    return settings.WORKFLOWS_BATCH_APPROVE_MAX


def task_ids(raw) -> list[int]:
    """The chosen task ids, in the order given and each once; an empty or oversized batch is
    refused (400) before anything is read."""
    ids = {}  # a dict keeps the order given and each id once
    for value in raw:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = 0
        if pk < 1:
            raise ValidationError(_("待办编号“%(value)s”无效。") % {"value": str(value)[:20]}, code="invalid_task")
        ids[pk] = None
    if not ids:
        raise ValidationError(_("请至少选择一件待办。"), code="empty_batch")
    if len(ids) > batch_max():
        raise ValidationError(
            _("一次最多批量审批%(max)s件，您选择了%(count)s件；请分批办理。") % {"max": batch_max(), "count": len(ids)},
            code="batch_too_large")
    return list(ids)


def step_key(task) -> str:
    """Which flow's which step a task belongs to: tasks batch together only when this is equal."""
    node = task.flow_task
    return f"{node.flow_class.__module__}.{node.flow_class.__name__}.{node.name}"


def step_label(node) -> str:
    """The step in words, with its kind: two flows may both have a 区县审核."""
    model = getattr(node.flow_class, "item_model", None)
    kind = kind_label(model.KIND) if model is not None else ""
    return _("%(kind)s·%(step)s") % {"kind": kind, "step": node.task_title} if kind else str(node.task_title)


def step_refusal(node) -> str:
    """Why tasks of `node` cannot be approved in a batch, or "" if they can."""
    title = getattr(node, "task_title", "") or getattr(node, "name", "")
    if not isinstance(node, Step) or acts.APPROVE not in acts_of(node):
        return _("“%(step)s”不以“通过”办理（名单、专家评分、公示或修改后重新提交），不能批量通过。") % {"step": title}
    if type(node) not in BATCHABLE:
        return _("“%(step)s”须逐件核对后办理（填报、会议纪要等），不能批量通过，请打开事项逐件审批。") % {"step": title}
    return ""


def batchable(node) -> bool:
    return not step_refusal(node)


def known_tasks(user, ids) -> dict[int, Task]:
    """The chosen tasks that `user` may know of (their item is in scope, or theirs), by id: two
    queries. Any other id is answered as a missing one, so a batch never tells whether a task
    outside one's scope exists."""
    tasks = list(
        Task.objects.filter(pk__in=ids, flow_task_type=HUMAN,
                            process__artifact_content_type=ContentType.objects.get_for_model(Item))
        .select_related("process")
    )
    if not tasks:
        return {}
    candidates = Item.objects.filter(pk__in={task.process.artifact_object_id for task in tasks})
    # As selectors.get_task_for: the item is in scope, or the user submitted it.
    seen = set(scoped_items(user, candidates).values_list("pk", flat=True))
    seen |= set(candidates.filter(submitter=user).values_list("pk", flat=True))
    return {task.pk: task for task in tasks if task.process.artifact_object_id in seen}


@dataclass(frozen=True)
class BatchStep:
    """The one step every known task of a batch is at."""

    key: str
    node: Step

    @property
    def title(self) -> str:
        return str(self.node.task_title)

    @property
    def label(self) -> str:
        return step_label(self.node)


def common_step(tasks) -> BatchStep | None:
    """The step the known tasks share, or None when none is known. Tasks of two steps, or of a
    step that is not approved by 通过 alone, are refused together (400): nothing is approved."""
    keys = {step_key(task): task.flow_task for task in tasks}
    if not keys:
        return None
    if len(keys) > 1:
        titles = _("、").join(sorted(step_label(node) for node in keys.values()))
        raise ValidationError(
            _("一次批量审批只能包含同一流程、同一环节的待办；所选待办分属：%(steps)s。") % {"steps": titles},
            code="mixed_steps")
    (key, node), = keys.items()
    refusal = step_refusal(node)
    if refusal:
        raise ValidationError(refusal, code="step_not_batchable")
    return BatchStep(key=key, node=node)
