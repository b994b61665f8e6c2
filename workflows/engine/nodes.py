"""The nodes a kind's flow is written with: Submit, Step, Resubmit, Finish.

A Step names who acts (workflows.engine.assignment), the item status while it is open, and where
each decision leads: `.Approve(next)`, `.ReturnTo(earlier, ...)`, `.Reject(end)`. Every one of those
is an edge of the graph, so the flow chart draws the return paths too. A Resubmit step is the
submitter revising after a return; its way out leads back to whichever step returned it.

Every step owns its acts (workflows.engine.acts): `acts()` are the decisions it offers, `route()`
says where one leads (or refuses it with a clear error), `settles()` whether a decision closes
the step. The decide service (workflows.engine.services.tasks) asks the node and sets
`activation.route` before `execute()`; it never asks what class a node is.

What the nodes write is viewflow's own: task rows (a Step's task assigned to a person
or a queue, workflows.engine.assignment, and listed in the act's `activation.opened`) and the
process row (Submit.run: its item and deadline owner; a Finish ends it). Everything else is
written by the service that ran the act, in its transaction: after execute(), what opening each
task means (participation, deadline and reminders, 抄送, the armed timeout) through
workflows.engine.opening, then the item's status, the decision, the audit event and the
messages; a fan-out's child process ended by the act continues its parent through
workflows.engine.fanout.join.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import nodes
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.start import StartHandleActivation
from viewflow.workflow.nodes.view import ViewActivation

from workflows.engine import acts, assignment
from workflows.engine.assignment import SUBMITTER
from workflows.engine.deadlines.owners import owner_ref
from workflows.engine.deadlines.timeouts import DeadlineTimeout
from workflows.engine.models import OPEN, Item


def item_of(activation):
    """The item a process belongs to (its artifact), as its kind's proxy. The services put the
    loaded item into the artifact cache, so this costs no query there."""
    return activation.process.artifact.as_kind()


class StepActivation(ViewActivation):
    # (node, task data) chosen by the service before execute()
    route = None
    # where the new task went (set by create), for the notifications
    assignment = None

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        item = item_of(prev_activation)
        return cls.create_for(flow_task, prev_activation, token, data=data, seed=seed,
                              assigned=assignment.resolve(flow_task.actor, item,
                                                          own_filing=flow_task.files_own_item))

    @classmethod
    def create_for(cls, flow_task, prev_activation, token, *, assigned, data=None, seed=None):
        """A new task of `flow_task` going where `assigned` (an Assignment) says: saved, and
        listed in `prev_activation.opened` for the service, whose workflows.engine.opening hook
        writes what else opening it means (participation, deadline, reminders, 抄送, timeout)."""
        opened = getattr(prev_activation, "opened", None)
        if opened is None:
            # Its deadline, reminders and timeout would never be written: every service that
            # routes sets `opened` before execute() and passes it to opening.tasks_opened.
            raise RuntimeError(f"{flow_task} opened outside a service: set activation.opened first")
        task = flow_task.flow_class.task_class(process=prev_activation.process, flow_task=flow_task, token=token)
        task.data = data if data is not None else {}
        task.seed = seed
        activation = cls(task)
        activation.assignment = assigned
        assignment.apply(task, activation.assignment)
        task.save()
        task.previous.add(prev_activation.task)
        opened.append(activation)
        return activation

    @Activation.status.super()
    def create_next(self):
        node, data = self.route
        yield node._create(self, self.task.token, data=data)


class Step(nodes.View):
    """A human step: someone decides on the item."""

    activation_class = StepActivation
    task_type = "HUMAN"
    # A step where the item's own people file it (a fan-out's Report), not a review of it: its
    # queue does not go up past the submitter, and the submitter may act on it.
    files_own_item = False

    def __init__(self, actor, *, status: str, title="", limit=None, reminders: str | None = None, cc=(),
                 extension_approver=None):
        super().__init__(view=None)
        self.actor = actor
        # 抄送: who is copied for information when the step opens (an actor or a list of them:
        # RoleAt, Person, SUBMITTER). See workflows.engine.carbon_copy.rules.
        self.cc = tuple(cc) if isinstance(cc, (list, tuple)) else (cc,) if cc else ()
        # Who decides this step's extension requests (延期申请), an actor like `actor`; None:
        # the default of workflows.engine.deadlines.extensions.approver_of.
        self.extension_approver = extension_approver
        self.item_status = status
        self._returns = []
        self._reject = None
        # The time limit (workflows.engine.deadlines.limits.WorkingDays) and the code of the reminder
        # policy (default: "default"); a campaign's or plan's StepDeadlineRule overrides both.
        self.limit = limit
        self.reminders = reminders
        if title:
            self.task_title = title

    def _create(self, prev_activation, token, data=None, seed=None):
        # viewflow's Node._create also arms the boundary events here; the timeout reads the
        # task's deadline, which only workflows.engine.opening writes, so it arms them after.
        return self.activation_class.create(self, prev_activation, token, data=data, seed=seed)

    def OnTimeout(self, then, *, title=None, when=None):
        """What happens when the task is still open at its deadline: `then` opens, and the item
        takes its status (workflows.engine.deadlines.timeouts). The step needs a limit.
        `when(item)`: only for the items it says (the rest are reminded and escalated only)."""
        self._boundary_specs.append(("timeout", DeadlineTimeout(title=title, when=when).Next(then)))
        return self

    @property
    def timeout(self):
        """The timeout boundary attached to this step, or None."""
        return next((node for node in self._boundary_events if isinstance(node, DeadlineTimeout)), None)

    def Approve(self, node):
        return self.Next(node)

    def ReturnTo(self, *nodes):
        """The earlier steps this step may return the item to (退回), in the order offered."""
        self._returns = list(nodes)
        return self

    def Reject(self, node):
        """Where a rejection (驳回) ends the item."""
        self._reject = node
        return self

    def _resolve(self, instance):
        super()._resolve(instance)
        self._returns = [this.resolve(instance, node) for node in self._returns]
        self._reject = this.resolve(instance, self._reject)

    def _outgoing(self):
        yield from super()._outgoing()
        for node in self._returns:
            yield Edge(src=self, dst=node, edge_class="return", label=_("退回"))
        if self._reject is not None:
            yield Edge(src=self, dst=self._reject, edge_class="reject", label=_("驳回"))

    @property
    def returns(self):
        return list(self._returns)

    @property
    def rejects_to(self):
        return self._reject

    @property
    def approves_to(self):
        return self._next

    def return_target(self, name: str):
        """The declared return target called `name`, or None."""
        return next((node for node in self._returns if node.name == name), None)

    # --- Its acts (workflows.engine.acts) --------------------------------------------------------

    def acts(self) -> tuple:
        """The decisions this step offers: 通过, and 退回 / 驳回 where it declares them."""
        offered = [acts.APPROVE]
        if self._returns:
            offered.append(acts.RETURN)
        if self._reject is not None:
            offered.append(acts.REJECT)
        return tuple(offered)

    def refuse(self, act, to: str = ""):
        """The error for an act this step does not offer (400: bad input; a step acted on in
        another way may say 409)."""
        if act == acts.RESUBMIT:
            return ValidationError(gettext("只有退回修改的事项可以重新提交。"), code="not_returned")
        if act == acts.REJECT:
            return ValidationError(gettext("“%(step)s”不能驳回。") % {"step": self.task_title}, code="no_reject")
        return self._no_return(to)

    def route(self, act, task, *, to: str, comment: str):
        """(destination node, task data for it) of `act`, or the error that refuses it."""
        if act.comment_required and not comment:
            raise ValidationError(
                {"comment": ValidationError(gettext("退回和驳回必须填写审批意见。"), code="comment_required")}
            )
        if act not in self.acts():
            raise self.refuse(act, to)
        if act == acts.APPROVE:
            return self.approves_to, {}
        if act == acts.REJECT:
            return self._reject, {}
        target = self.return_target(to)
        if target is None:
            raise self._no_return(to)
        return target, {"returned_by": self.name}

    def _no_return(self, to):
        allowed = gettext("、").join(str(step.task_title) for step in self._returns) or gettext("无")
        return ValidationError(
            {"to": ValidationError(
                gettext("“%(step)s”不能退回到“%(to)s”；可退回到：%(allowed)s。")
                % {"step": self.task_title, "to": to, "allowed": allowed},
                code="return_not_declared",
            )}
        )

    def settles(self, activation, decision) -> bool:
        """Whether `decision` closes the step (one person's: always). See MultiStep."""
        return True


class Resubmit(Step):
    """The submitter revises the item after a return and sends it back to the step that returned
    it (its task data names that step)."""

    def __init__(self, *, status: str, title="", limit=None, reminders: str | None = None, extension_approver=None):
        super().__init__(SUBMITTER, status=status, title=title, limit=limit, reminders=reminders,
                         extension_approver=extension_approver)

    def returners(self):
        return [node for node in self.flow_class.instance.nodes() if isinstance(node, Step) and self in node.returns]

    def _outgoing(self):
        for node in self.returners():
            yield Edge(src=self, dst=node, edge_class="resubmit", label=_("重新提交"))

    def back_to(self, task):
        return self.flow_class.instance.node(task.data["returned_by"], no_obsolete=True)

    def acts(self) -> tuple:
        return (acts.RESUBMIT,)

    def refuse(self, act, to: str = ""):
        return ValidationError(gettext("退回修改的事项只能修改后重新提交。"), code="resubmit_only")

    def route(self, act, task, *, to: str, comment: str):
        if act != acts.RESUBMIT:
            raise self.refuse(act, to)
        return self.back_to(task), {}


class FinishActivation(EndActivation):
    @Activation.status.super()
    def activate(self):
        super().activate.original()
        if self.flow_task.then is not None:
            self.flow_task.then(item_of(self))


class Finish(nodes.End):
    """An end of the flow, with the item's final status. `then(item)`: what the kind does when an
    item arrives here, in the act's transaction (an approval begins its tenure:
    workflows.engine.tenure.granting.begin_tenure)."""

    activation_class = FinishActivation

    def __init__(self, *, status: str, title="", then=None):
        super().__init__()
        self.item_status = status
        self.then = then
        if title:
            self.task_title = title


def skipped(process) -> frozenset:
    """The steps this process passes over (a renewal's, from its terms): process data."""
    return frozenset((process.data or {}).get("skip", ())) if process is not None else frozenset()


def past_skipped(node, skip) -> "Step":
    """`node`, or where an approval leads past it while it is a step this flow lets be skipped
    (`BaseFlow.skippable`) and `skip` names it. The submission and 通过 go there directly."""
    while (isinstance(node, Step) and not isinstance(node, Resubmit) and node.name in skip
           and node.name in getattr(node.flow_class, "skippable", ())):
        node = node.approves_to
    return node


class SubmitActivation(StartHandleActivation):
    @Activation.status.super()
    def create_next(self):
        yield past_skipped(self.flow_task._next, skipped(self.process))._create(self, self.task.token)


class Submit(nodes.StartHandle):
    """The start: the submitter sends the item. `actors` are who may submit (any one of them).
    `drafters`: who may also write a draft (a school's staff), which one of the `actors` then
    submits, becoming its 申报人 (services.items.submit_item: the head signs it off)."""

    activation_class = SubmitActivation

    def __init__(self, *actors, title="", drafters=()):
        super().__init__()
        self.actors = actors
        self.drafters = tuple(drafters)
        if title:
            self.task_title = title

    def run(self, *, item, parent_task=None, deadline_owner=None, skip=()):
        """Start a process for `item` (already locked and checked by the service). Returns the
        start activation; its `opened` lists the activations of the steps it opened.
        `parent_task`: the parent's task that waits for this process (a fan-out's child).
        `deadline_owner`: the campaign or plan whose step limits (StepDeadlineRule) apply.
        `skip`: the steps of `flow_class.skippable` this process passes over (past_skipped)."""
        activation = self.activation_class.create(self, None, None)
        activation.process.artifact = item
        activation.process.parent_task = parent_task
        if deadline_owner is not None:
            activation.process.data = {**(activation.process.data or {}), "deadline_owner": owner_ref(deadline_owner)}
        if skip:
            activation.process.data = {**(activation.process.data or {}), "skip": sorted(skip)}
        activation.opened = []
        activation.execute()
        return activation


def acts_of(node) -> tuple:
    """The decisions `node` offers (workflows.engine.acts); none for a node nobody decides on
    (a start, an end, a fan-out, a timer)."""
    return node.acts() if isinstance(node, Step) else ()


def ends_flow(node) -> bool:
    return isinstance(node, Finish)


def open_task_at(item, node_type):
    """The item's open task at a node of `node_type` (with its process), or None: how a step type's
    services find the task they act on (scoring, meetings)."""
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Task

    for task in Task.objects.filter(process__artifact_content_type=ContentType.objects.get_for_model(Item),
                                    process__artifact_object_id=getattr(item, "pk", item),
                                    status__in=OPEN).select_related("process"):
        if isinstance(task.flow_task, node_type):
            return task
    return None
