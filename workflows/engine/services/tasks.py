"""Acting on a task: claim, unclaim and the decisions (approve, return, reject, resubmit).

Every decision runs through `decide`, one envelope: scope and permission (404/403), one NOWAIT
lock (409 if busy), the node's own rule for the act (workflows.engine.acts), the viewflow
activation, the item's FSM transition (compare-and-set), the decision row, the audit event and
the outbox rows. approve_task, return_task, reject_task and resubmit_item name one act each
(plain calls of decide: its one transaction is theirs, with no savepoint inside).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from core.audit.services import record_event
from core.inserts import NewRow, insert_together
from core.orgs.models import Organisation
from workflows.engine import acts, assignment, notify, opening, snapshots
from workflows.engine.advance import advance
from workflows.engine.branches import choices as branches
from workflows.engine.envelope import (
    acting_for,
    acting_organisation_id,
    handler,
    note_proxy,
    open_task,
    org_ref,
    service,
)
from workflows.engine.exceptions import Conflict, InvalidState
from workflows.engine.fanout import join as fanout_join
from workflows.engine.files.attachments import check_upload, describe, store
from workflows.engine.files.evidence import RESUBMIT_SLOT
from workflows.engine.files.evidence import renew as renew_evidence
from workflows.engine.lists import seats
from workflows.engine.models import Decision, Outcome
from workflows.engine.nodes import Step, ends_flow, past_skipped, skipped
from workflows.engine.start.kinds import check_evidence


@service
def claim_task(*, task, by):
    """Take an unclaimed task from the queue, so that it is yours to decide (认领)."""
    task, item = open_task(task, by)
    owner = handler(task, by)  # a proxy claims it for their principal
    if task.owner_id == owner.pk:
        raise Conflict(_("您已认领此待办。"))
    task.assigned = timezone.now()
    task.flow_task.activation_class(task).assign(owner)
    assignment.add_participant(user=owner, item=item, reason=assignment.ASSIGNEE)
    note_proxy(task, by, item)
    record_event(action="claim", target=item, actor=by, acting_for=acting_for(task), organisation=org_ref(acting_organisation_id(task, item)),
                 from_status=item.status, to_status=item.status, data={"task": task.pk, "step": task.flow_task.name})
    notify.task_claimed(task, owner)
    return task


@service
def unclaim_task(*, task, by):
    """Put a claimed task back into its queue (取消认领). A named person's task has no queue."""
    task, item = open_task(task, by)
    if task.owner_id is None:
        raise Conflict(_("此待办尚未被认领。"))
    queue = assignment.queue_of(task)
    if queue is None:
        raise InvalidState(_("此待办指定由您办理，不能放回待办池。"))
    task.assigned = None
    task.flow_task.activation_class(task).unassign()
    note_proxy(task, by, item)
    organisation = Organisation.objects.get(pk=queue[1])
    record_event(action="unclaim", target=item, actor=by, acting_for=acting_for(task), organisation=organisation,
                 from_status=item.status, to_status=item.status, data={"task": task.pk, "step": task.flow_task.name})
    notify.task_unclaimed(task, organisation)
    return task


def approve_task(*, task, by, comment: str = "", attachments=()) -> Decision:
    """Pass the item on to the step's next step (通过)."""
    return decide(task=task, by=by, act=acts.APPROVE, comment=comment, attachments=attachments)


def return_task(*, task, by, to: str, comment: str, attachments=()) -> Decision:
    """Send the item back to `to`, one of the earlier steps this step declares (退回)."""
    return decide(task=task, by=by, act=acts.RETURN, to=to, comment=comment, attachments=attachments)


def reject_task(*, task, by, comment: str, attachments=()) -> Decision:
    """End the item as rejected (驳回); the comment is required."""
    return decide(task=task, by=by, act=acts.REJECT, comment=comment, attachments=attachments)


def resubmit_item(*, task, by, comment: str = "", attachments=(), apply_changes=None, slot: str = "") -> Decision:
    """The submitter sends the revised item back to the step that returned it (重新提交).

    `apply_changes(item)`, if given, writes the kind's field changes under the same lock first;
    the `attachments` become current 申报材料 in `slot` (files.evidence.renew); the new
    submission's snapshot is taken after both.
    """
    return decide(task=task, by=by, act=acts.RESUBMIT, comment=comment, attachments=attachments,
                  apply_changes=apply_changes, slot=slot)


@service
def decide(*, task, by, act, comment: str = "", attachments=(), to: str = "", apply_changes=None,
           slot: str = "") -> Decision:
    """Perform the decision `act` (workflows.engine.acts, or its name) on an open task: the one
    envelope of every decision. Scope (404), one NOWAIT lock (409) and who may act (403:
    open_task); the node says whether it offers the act and where it leads (400/409); then the
    decision row and files, viewflow's activation, the status change, the audit event, freed
    list seats and the messages. A resubmission's files are 申报材料 (in `slot`), not the decision's."""
    act = _act(act)
    comment = (comment or "").strip()
    task, item = open_task(task, by)
    node = task.flow_task
    if not isinstance(node, Step):  # a start, an end, a fan-out, a timer: nobody decides there
        raise InvalidState(_("此待办不是审批步骤。"))
    # A step that offers no decision (公示's NoticeStep) still says why in route().
    destination, data = node.route(act, task, to=to, comment=comment)
    if act == acts.APPROVE:  # a step this process skips is passed over (a renewal's terms)
        destination = past_skipped(destination, skipped(task.process))
    outcome = act.outcome
    for upload in attachments:
        check_upload(upload)
        if outcome == Outcome.RESUBMIT:  # 申报材料: the item's 材料类别 and what each accepts
            check_evidence(item, slot or RESUBMIT_SLOT, upload.name)

    activation = node.activation_class(task)
    new_rows = []
    if task.owner_id is None:
        # Acting on a queued task claims it (for the principal, when a proxy acts); saved once,
        # with the completion, and the participation written with the decision.
        owner = handler(task, by)
        task.owner, task.status, task.assigned = owner, STATUS.ASSIGNED, timezone.now()
        participation = assignment.participation(user=owner, item=item, reason=assignment.ASSIGNEE)
        new_rows.append(NewRow(participation, ignore_conflicts=True))
    note_proxy(task, by, item)
    activation.start(None)

    evidence = []
    if outcome == Outcome.RESUBMIT:
        if apply_changes is not None:
            apply_changes(item)
        evidence = renew_evidence(item=item, by=by, uploads=attachments, slot=slot)
        attachments = ()
        item.last_submission = snapshots.take(item=item, by=by, process=task.process)
    organisation_id = acting_organisation_id(task, item)
    decision = Decision(
        item=item, task=task, submission_id=item.last_submission_id, step=node.name, outcome=outcome,
        return_to=to if outcome == Outcome.RETURN else "", comment=comment, actor=by, acting_for=acting_for(task),
        organisation_id=organisation_id,
    )
    insert_together(*new_rows, NewRow(decision))
    files = [describe(attachment) for attachment in evidence] + [
        describe(store(item=item, by=by, upload=upload, decision=decision)) for upload in attachments]

    activation.route = (destination, data)
    activation.opened = []
    # One member's vote of a multi-person step decides the step only when it settles it; until
    # then the item stays where it is.
    settled = node.settles(activation, decision)
    if settled:
        activation.execute()
    # What the act opened: the next step's tasks, or (a vote in 依次) the next member's.
    opening.tasks_opened(activation.opened, item)
    fanout_join.collect(child_process=activation.process)  # nothing unless the act ended a child
    # Through an optional stage's branch (workflows.engine.branches): where the act really landed.
    landed = branches.landing(destination, activation)
    advance(
        item, landed.item_status if settled else None, changed=settled, action=outcome, by=by,
        acting_for=acting_for(task), organisation=org_ref(organisation_id), comment=comment,
        data={"task": task.pk, "step": node.name, "to": landed.name if settled else "",
              "decision": decision.pk, "attachments": files},
        fields=["last_submission"],
    )
    branches.record_choices(item, destination, activation, by=by, organisation=org_ref(organisation_id))
    if settled and outcome in (Outcome.RETURN, Outcome.REJECT):  # back past a list: its seat is free again
        seats.release_seats_on_move(item=item, step=node, destination=destination, reason=outcome, by=by,
                                    acting_for=acting_for(task))
    notify.task_closed(task)
    for opened in activation.opened:
        notify.task_opened(opened, item, decision=decision)
    if settled and ends_flow(landed):
        notify.item_finished(item, outcome="rejected" if outcome == Outcome.REJECT else "approved",
                             event_key=f"decision:{decision.pk}", decision=decision)
    return decision


def _act(act):
    """An Act from itself or its name; an unknown name is bad input."""
    if isinstance(act, acts.Act):
        return act
    found = acts.act_named(act)
    if found is None:
        raise ValidationError(_("未知的办理操作：%(act)s。") % {"act": act}, code="unknown_act")
    return found
