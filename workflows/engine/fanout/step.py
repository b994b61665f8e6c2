"""Fan-out (分派): a parent flow starts one child flow per target and waits for them all.

    class CaseFlow(ChildFlow):                       # one inspection case per district
        item_model = SampleCase
        start = Dispatched().Next(this.file)
        file = Report(RoleAt(Role.DISTRICT_STAFF, ITEM_ORG), status=C.FILING, title=_("填报")).Approve(this.check)
        check = Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), ...).Approve(this.done).ReturnTo(this.revise)
        revise = Resubmit(status=C.RETURNED)
        done = Finish(status=C.DONE)

    class PlanFlow(BaseFlow):
        item_model = SamplePlan
        start = Submit(RoleAt(Role.CITY_REVIEWER, ITEM_ORG)).Next(this.dispatch)
        dispatch = FanOut(CaseFlow, targets=plan_targets, status=P.IN_PROGRESS, title=_("分派")).Next(this.done)
        done = Finish(status=P.COMPLETED)

viewflow's Subprocess, NSubprocess and Split(data_source=) are PRO-only; this is our own node. When
the parent reaches a FanOut, its task starts and stays open: in the same transaction it creates one
child Item per target (of the child flow's kind, at the target organisation, numbered in one go)
and starts the child flow for each, the child process pointing to the task (Process.parent_task)
and a FanOutChild row linking the items; each child's first tasks get their participation,
deadline, reminders and timeout from workflows.engine.opening there, as in any service, and their
handlers are told. FanOut.dispatch writes all of that itself, inside the act that reached the
node (viewflow activates it in the middle of that act's execute()): the children must exist before
viewflow asks, right after, whether the node may complete (no child open: it would pass at once).

When a child process ends, the service whose act ended it calls workflows.engine.fanout.join's
`collect` (no signal receiver): it locks the parent process (waiting briefly: siblings finishing
at the same time queue instead of failing) and, once no child is open, completes the task, moves
the parent on to its next node, moves the parent item's status and audits it.

A child item is created by the parent's submitter, but the target files it: `take_report` (to
prepare the filing: fields, evidence) and `file_report` make whoever takes or files a Report step
the child's submitter, so the usual rules (nobody reviews their own filing, a return goes back to
whoever filed) hold. Child flows cannot be withdrawn: the parent
waits for them. `overview(user, parent)` is the parent's page: each child's stage and lateness.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.checks import Error, register
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow import this
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Node
from viewflow.workflow.models import Process, Task
from viewflow.workflow.nodes import mixins
from viewflow.workflow.status import PROCESS, STATUS

from core.audit.services import record_event
from core.orgs.models import Organisation
from workflows.engine import assignment, notify, opening, snapshots
from workflows.engine.access import scoped_items
from workflows.engine.deadlines.models import TaskDeadline
from workflows.engine.envelope import open_task, pk_of, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.fanout import join as fanout_join
from workflows.engine.fanout.models import FanOutChild
from workflows.engine.flows import BaseFlow, installed_flows
from workflows.engine.models import OPEN, Item
from workflows.engine.nodes import Step, Submit, item_of
from workflows.engine.services.items import next_ref_nos
from workflows.engine.services.tasks import approve_task, claim_task
from workflows.engine.transitions import move_status

FINISHED = (PROCESS.DONE, PROCESS.CANCELED)
TITLE_MAX = Item._meta.get_field("title").max_length


class Dispatched(Submit):
    """The start of a child flow: the parent's fan-out starts it, nobody submits it."""

    def __init__(self, title=gettext_lazy("分派")):
        super().__init__(title=title)


class Report(Step):
    """A step where the target files (填报) the child item: acted on with `file_report`, which
    makes the filer the item's submitter and takes the submission snapshot. A flow may have
    several (a return, then a plan, then a report): each stays with the target's queue, whoever
    filed the last one."""

    files_own_item = True


class ChildFlow(BaseFlow):
    """A flow that a FanOut starts. Its start is Dispatched; it cannot be withdrawn."""

    @classmethod
    def withdrawable(cls, node) -> bool:
        return False


# A background fan-out's task data while its children are still being created (fanout.background).
DISPATCHING = "dispatching"


def _children_finished(activation) -> bool:
    if activation.task.data and activation.task.data.get(DISPATCHING):
        return False
    return not Process.objects.filter(parent_task=activation.task).exclude(status__in=FINISHED).exists()


class FanOutActivation(mixins.NextNodeActivationMixin, Activation):
    """Started when the parent arrives (the children are created then); done when the last child
    process has finished."""

    @Activation.status.transition(source=STATUS.NEW, target=STATUS.STARTED)
    def activate(self):
        self.task.started = timezone.now()
        if self.flow_task.background:
            # The children are created by a job, batch by batch (fanout.background), after commit.
            from workflows.engine.fanout import background

            self.flow_task.checked_targets(item_of(self))  # no targets, or repeated: refused now
            self.task.data = {**(self.task.data or {}), DISPATCHING: True}
            self.task.save()
            background.dispatch_after_commit(self.task.pk)
            return
        self.task.save()
        self.flow_task.dispatch(self)

    @Activation.status.transition(source=STATUS.STARTED, target=STATUS.DONE, conditions=[_children_finished])
    def complete(self):
        super().complete.original()

    @Activation.status.transition(source=[STATUS.NEW, STATUS.STARTED], target=STATUS.CANCELED)
    def cancel(self):
        self.task.finished = timezone.now()
        self.task.save()


class FanOut(mixins.NextNodeMixin, Node):
    """Start `child` (a ChildFlow) once per organisation that `targets(parent_item)` returns, and
    wait until every child process has finished. `status`: the parent item's status meanwhile.
    `created(parent, children)`: the kind's own rows for new children, in the same transaction.
    `background=True`: the children are created after the act, by a job in batches
    (workflows.engine.fanout.background: progress, safe to restart), for fan-outs to thousands."""

    activation_class = FanOutActivation
    task_type = fanout_join.TASK_TYPE
    bpmn_element = "subProcess"
    shape = {
        "width": 150,
        "height": 100,
        "text-align": "middle",
        "svg": """
            <rect class="task" width="150" height="100" rx="5" ry="5"/>
            <path class="task-marker" d="m 67,85 l 0,-12 m 8,12 l 0,-12 m 8,12 l 0,-12"/>
        """,
    }

    def __init__(self, child, *, targets, status: str, title="", child_title=None, created=None, background=False):
        super().__init__()
        self.child_flow = child
        self._targets = targets
        self._child_title = child_title
        self.created = created
        self.background = background
        self.item_status = status
        if title:
            self.task_title = title

    def _resolve(self, instance):
        super()._resolve(instance)
        self._targets = this.resolve(instance, self._targets)

    def dispatch(self, activation) -> list[Item]:
        """Create the children and start their flows (inside the parent's transaction)."""
        parent = item_of(activation)
        return self.create_children(parent, activation.task, self._checked_targets(parent), first_position=1)

    def create_children(self, parent, task, targets, *, first_position: int) -> list[Item]:
        """One child per target, numbered from `first_position`, their flows started under `task`."""
        child_flow = self.child_flow
        model = child_flow.item_model
        start = child_flow.submit_node()
        children = []
        for target, ref_no in zip(targets, next_ref_nos(model, len(targets))):
            child = model(
                kind=model.KIND, ref_no=ref_no, organisation=target, owner_department=parent.owner_department,
                submitter_id=parent.submitter_id, title=self._title_for(parent, target),
            )
            move_status(child, start._next.item_status)
            children.append(child)
        model.objects.bulk_create(children)
        FanOutChild.objects.bulk_create(
            [FanOutChild(parent=parent, child=child, task=task, position=n)
             for n, child in enumerate(children, first_position)]
        )
        if self.created is not None:
            self.created(parent, children)
        by = parent.submitter
        for child in children:
            record_event(action="dispatch", target=child, actor=by, organisation=parent.organisation,
                         from_status=model.Status.DRAFT, to_status=child.status,
                         data={"parent": parent.pk, "parent_ref_no": parent.ref_no, "task": task.pk})
            # The parent's own step limits (StepDeadlineRule, e.g. a plan's fixed date) apply.
            started = start.run(item=child, parent_task=task, deadline_owner=parent)
            opening.tasks_opened(started.opened, child)
            for opened in started.opened:
                notify.task_opened(opened, child)
        record_event(action="fan_out", target=parent, actor=by, organisation=parent.organisation,
                     from_status=parent.status, to_status=parent.status,
                     data={"task": task.pk, "children": [child.ref_no for child in children]})
        return children

    def checked_targets(self, parent) -> list[Organisation]:
        return self._checked_targets(parent)

    def _checked_targets(self, parent) -> list[Organisation]:
        targets = list(self._targets(parent))
        if not targets:
            raise ValidationError(_("请至少选择一个分派对象。"), code="no_targets")
        if len({target.pk for target in targets}) != len(targets):
            raise ValidationError(_("分派对象不能重复。"), code="duplicate_targets")
        return targets

    def _title_for(self, parent, target) -> str:
        if self._child_title is not None:
            return self._child_title(parent, target)[:TITLE_MAX]
        return (_("%(title)s（%(organisation)s）") % {"title": parent.title, "organisation": target.name})[:TITLE_MAX]


@service
def take_report(*, task, by):
    """Claim a Report task to prepare the filing (认领填报): `by` becomes the child's submitter, so
    that they may edit its fields and add evidence (edit_item, add_evidence) before filing."""
    task, item = open_task(task, by)
    _check_report(task)
    claimed = claim_task(task=task.pk, by=by)
    _become_submitter(item, by)
    return claimed


@service
def file_report(*, task, by, comment: str = "", attachments=(), apply_changes=None):
    """The target files a child item at a Report step (填报): `by` becomes the item's submitter,
    `apply_changes(item)` writes the kind's fields, the snapshot is taken, and the step passes on
    like an approval. Returns the Decision."""
    task, item = open_task(task, by)
    _check_report(task)
    if task.owner_id is None:
        # Claimed first: once the filer is the submitter, only an owner may act on the task.
        task.owner, task.status, task.assigned = by, STATUS.ASSIGNED, timezone.now()
        task.save(update_fields=["owner", "status", "assigned"])
    if apply_changes is not None:
        apply_changes(item)
    item.last_submission = snapshots.take(item=item, by=by, process=task.process)
    _become_submitter(item, by)
    return approve_task(task=task.pk, by=by, comment=comment, attachments=attachments)


def _check_report(task) -> None:
    if not isinstance(task.flow_task, Report):
        raise InvalidState(_("此待办不是填报步骤。"))


def _become_submitter(item, by) -> None:
    item.submitter = by
    item.save(update_fields=["submitter", "last_submission", "updated_at"])
    assignment.add_participant(user=by, item=item, reason=assignment.SUBMITTER_REASON)


@dataclass
class ChildRow:
    """One target on the parent's page: its child item, where it stands and whether it is late."""

    child: Item
    task: Task | None  # the open human task, None once the child has finished
    due_at: datetime | None

    @property
    def target(self) -> Organisation:
        return self.child.organisation

    @property
    def finished(self) -> bool:
        return self.task is None

    @property
    def stage(self) -> str:
        return str(self.task.flow_task.task_title) if self.task is not None else self.child.status_label

    def late_by(self, now=None) -> timedelta | None:
        """How long the open step is overdue, or None if it is not (or has no deadline)."""
        if self.task is None or self.due_at is None:
            return None
        overdue = (now or timezone.now()) - self.due_at
        return overdue if overdue > timedelta(0) else None


def overview(user, parent) -> list[ChildRow]:
    """The parent's children that `user` may see, in dispatch order, each with its open step and
    that step's deadline. A fixed number of queries however many children (404 out of scope)."""
    visible = scoped_items(user)
    try:
        parent = visible.get(pk=pk_of(parent))
    except Item.DoesNotExist:
        raise NotFound() from None
    links = (
        FanOutChild.objects.filter(parent=parent, child__in=visible)
        .select_related("child__organisation")
        .order_by("task_id", "position")
    )
    children = [link.child.as_kind() for link in links]
    item_type = ContentType.objects.get_for_model(Item)
    tasks = {
        task.process.artifact_object_id: task
        for task in Task.objects.filter(
            process__artifact_content_type=item_type,
            process__artifact_object_id__in=[child.pk for child in children],
            flow_task_type="HUMAN", status__in=OPEN,
        ).select_related("process", "owner")
    }
    due = due_dates([task.pk for task in tasks.values()])
    rows = []
    for child in children:
        task = tasks.get(child.pk)
        rows.append(ChildRow(child=child, task=task, due_at=due.get(task.pk) if task is not None else None))
    return rows


def due_dates(task_ids) -> dict:
    """{task id: due_at} for the tasks whose deadline is known (workflows.engine.deadlines.services)."""
    return dict(
        TaskDeadline.objects.filter(task_id__in=task_ids, due_at__isnull=False).values_list("task_id", "due_at")
    )


@register()
def check_fanouts(app_configs, **kwargs):
    """Each FanOut leads somewhere once its children are done, and its child flow starts with
    Dispatched. (Its statuses are checked with every node's, by workflows.engine.checks.)"""
    errors = []
    for flow_class in installed_flows():
        if flow_class.item_model is None:
            continue
        for node in flow_class.instance.nodes():
            if not isinstance(node, FanOut):
                continue
            name = f"{flow_class.__name__}.{node.name}"
            if node._next is None:
                errors.append(f"{name}: no Next() node")
            if not (isinstance(node.child_flow, type) and issubclass(node.child_flow, ChildFlow)
                    and isinstance(node.child_flow.submit_node(), Dispatched)):
                errors.append(f"{name}: the child flow must be a ChildFlow starting with Dispatched()")
    return [Error(message, id="workflows.E002") for message in errors]
