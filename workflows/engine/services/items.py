"""The submitter's acts on an item: create, edit, evidence files, submit, withdraw, reopen."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Process
from viewflow.workflow.status import PROCESS, STATUS

from core.audit.services import record_event
from core.orgs.roles import OrgKind
from workflows.engine import assignment, notify, opening, snapshots
from workflows.engine.access import edit_refusal, reopen_refusal, withdraw_refusal
from workflows.engine.advance import advance
from workflows.engine.branches import choices as branches
from workflows.engine.assignment import RoleAt, organisation_at
from workflows.engine.envelope import load_item, lock_item, pk_of, service
from workflows.engine.exceptions import Conflict, InvalidState, NotAllowed
from workflows.engine.files.attachments import check_upload, describe, store
from workflows.engine.lists import seats
from workflows.engine.lists.campaigns import check_submission_window
from workflows.engine.lists.models import MembershipEnd
from workflows.engine.locking import lock_process
from workflows.engine.models import (
    Attachment,
    BaseStatus,
    Item,
    RefCounter,
    Submission,
)
from workflows.engine.nodes import past_skipped
from workflows.engine.start.kinds import check_evidence
from workflows.engine.transitions import find_transition

TITLE_MAX = Item._meta.get_field("title").max_length


def may_submit(user, flow_class, item) -> bool:
    """Does `user` hold one of the roles the flow's Submit node names, where it names them?"""
    return _holds_one(user, flow_class.submit_node().actors, item)


def may_draft(user, flow_class, item) -> bool:
    """May `user` write a draft of the flow's kind: a submitter's role, or a drafter's (Submit's
    `drafters`: staff who draft for the head's sign-off)?"""
    node = flow_class.submit_node()
    return _holds_one(user, (*node.actors, *node.drafters), item)


def may_sign_off(user, flow_class, item) -> bool:
    """May `user` submit a staff member's draft (Submit's `drafters`) as its head: it is a draft,
    written by someone who may not submit it, and `user` may."""
    return (item.status == BaseStatus.DRAFT and item.submitter_id != user.pk
            and may_submit(user, flow_class, item) and not may_submit(item.submitter, flow_class, item))


def _holds_one(user, actors, item) -> bool:
    for actor in actors:
        if isinstance(actor, RoleAt) and assignment.holds(user.pk, actor.role, organisation_at(actor.level, item)):
            return True
    return False


@service
def create_item(*, flow_class, organisation, owner_department, by, title: str) -> Item:
    """A new draft of the flow's kind at `organisation`, with the next reference number."""
    model = flow_class.item_model
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("请填写标题。"), code="required")})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": ValidationError(_("标题不能超过%(max)s个字。") % {"max": TITLE_MAX},
                                                        code="max_length")})
    if owner_department.kind != OrgKind.DEPARTMENT:
        raise ValidationError({"owner_department": ValidationError(_("主管单位必须是市局处室。"), code="invalid")})
    item = model(kind=model.KIND, organisation=organisation, owner_department=owner_department, submitter=by,
                 title=title)
    if not may_draft(by, flow_class, item):
        raise NotAllowed(_("您在%(org)s没有可申报此事项的角色。") % {"org": organisation})
    item.ref_no = _next_ref_no(model)
    item.save()
    assignment.add_participant(user=by, item=item, reason=assignment.SUBMITTER_REASON)
    record_event(action="create", target=item, actor=by, organisation=organisation, to_status=item.status,
                 data={"ref_no": item.ref_no})
    return item


def _next_ref_no(model) -> str:
    return next_ref_nos(model, 1)[0]


def next_ref_nos(model, count: int) -> list[str]:
    """`count` consecutive numbers like RD-2026-000123: gap-free per kind and year, because the
    counter row is locked until the creating transaction ends (and rolls back with it)."""
    year = timezone.localdate().year
    RefCounter.objects.bulk_create([RefCounter(kind=model.KIND, year=year)], ignore_conflicts=True)
    counter = RefCounter.objects.select_for_update().get(kind=model.KIND, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"{model.REF_PREFIX}-{year}-{number:06d}" for number in range(first, counter.last + 1)]


def set_title(item, title: str) -> bool:
    """Give the item a new title (checked, not saved); whether it changed."""
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise ValidationError({"title": ValidationError(_("标题不能为空，且不能超过%(max)s个字。") % {"max": TITLE_MAX},
                                                        code="invalid")})
    if title == item.title:
        return False
    item.title = title
    return True


def _editable(item_ref, by, expected_version) -> Item:
    item = lock_item(item_ref, by)
    refusal = edit_refusal(item, by)
    if refusal is not None:
        raise refusal
    if expected_version is not None and expected_version != item.version:
        raise Conflict(_("事项已被修改（当前为第%(version)s版），请刷新后再改。") % {"version": item.version})
    return item


def _edited(item, by, action: str, data: dict) -> None:
    advance(item, None, action=action, by=by, organisation=item.organisation, data=data, fields=["title"])


@service
def edit_item(*, item, by, title: str | None = None, apply_changes=None, expected_version: int | None = None) -> Item:
    """Change a draft (or a returned item): the title and, through `apply_changes(item)` returning
    the changed field names, the kind's own fields. `expected_version` refuses a stale form."""
    item = _editable(item, by, expected_version)
    changed = ["title"] if title is not None and set_title(item, title) else []
    if apply_changes is not None:
        changed.extend(apply_changes(item) or [])
    _edited(item, by, "edit", {"fields": changed})
    return item


@service
def add_evidence(*, item, by, slot: str, upload, expected_version: int | None = None) -> Attachment:
    """Attach an evidence file to a draft or returned item, in a named slot (材料类别)."""
    item = _editable(item, by, expected_version)
    if not slot:
        raise ValidationError({"slot": ValidationError(_("请选择材料类别。"), code="required")})
    check_upload(upload)
    check_evidence(item, slot, upload.name)
    attachment = store(item=item, by=by, upload=upload, slot=slot)
    _edited(item, by, "evidence_add", {"attachment": describe(attachment)})
    return attachment


@service
def remove_evidence(*, attachment, by, expected_version: int | None = None) -> None:
    """Take an evidence file off a draft or returned item; earlier snapshots keep naming it."""
    attachment = Attachment.objects.get(pk=pk_of(attachment))
    item = _editable(attachment.item_id, by, expected_version)
    if attachment.decision_id or attachment.removed_at:
        raise InvalidState(_("该附件不是当前的申报材料。"))
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    _edited(item, by, "evidence_remove", {"attachment": describe(attachment)})


@service
def submit_item(*, item, by, flow_class, apply_changes=None, deadline_owner=None, skip=(), campaign=None) -> Submission:
    """Send a draft into a new process of `flow_class` (提交). The item's first step opens.
    `campaign`: the 申报批次 it is submitted to, whose window must be open (check_submission_window).
    `deadline_owner`: the campaign (or plan) whose own step limits the process follows.
    `skip`: steps of `flow_class.skippable` this process passes over (a renewal's terms)."""
    item = lock_item(item, by)
    if item.kind != flow_class.item_model.KIND:
        raise ValueError(f"{flow_class.__name__} does not run items of kind {item.kind!r}")
    if not may_submit(by, flow_class, item):
        if item.submitter_id == by.pk and may_draft(by, flow_class, item):
            raise NotAllowed(_("草稿已保存；此事项须由%(org)s的负责人审核后提交。") % {"org": item.organisation})
        raise NotAllowed(_("您在%(org)s没有可申报此事项的角色。") % {"org": item.organisation})
    drafted_by = None
    if item.submitter_id != by.pk:
        # A staff member's draft, signed off by one who may submit: they become its 申报人 (the
        # returns come back to them); the drafter keeps seeing it as a participant.
        if not may_sign_off(by, flow_class, item):
            raise NotAllowed(_("只有申报人可以提交此事项。"))
        drafted_by, item.submitter = item.submitter, by
        assignment.add_participant(user=by, item=item, reason=assignment.SUBMITTER_REASON)
    start = flow_class.submit_node()
    first = past_skipped(start._next, frozenset(skip))
    # A flow may start on an optional stage's branch (workflows.engine.branches): any of its ways.
    if not any(find_transition(type(item), item.status, way.item_status) for way in branches.ways(first)):
        raise InvalidState(_("事项当前状态为“%(status)s”，不能提交。") % {"status": item.status_label})
    if campaign is not None:
        check_submission_window(campaign=campaign)
    if apply_changes is not None:
        apply_changes(item)
    activation = start.run(item=item, deadline_owner=deadline_owner, skip=skip)
    opening.tasks_opened(activation.opened, item)
    submission = snapshots.take(item=item, by=by, process=activation.process)
    item.last_submission = submission
    landed = branches.landing(first, activation)
    advance(item, landed.item_status, action="submit", by=by, organisation=item.organisation,
            data={"process": activation.process.pk, "submission": submission.number,
                  **({"drafted_by": drafted_by.pk} if drafted_by else {})},
            fields=["last_submission", "submitter"] if drafted_by else ["last_submission"])
    branches.record_choices(item, first, activation, by=by, organisation=item.organisation)
    for opened in activation.opened:
        notify.task_opened(opened, item)
    return submission


@service
def withdraw_item(*, item, by, comment: str = "") -> Item:
    """The submitter takes the item back (撤回) while no decision is recorded on the current
    submission (a claim is not a decision), saying why. Its process is cancelled; the item may be
    reopened (reopen_item) to edit and submit again."""
    item = load_item(item, by)
    process = item.processes.filter(status=PROCESS.NEW).first()
    tasks = []
    if process is not None:  # else not in review: withdraw_refusal says so
        lock_process(Process, process.pk)
        item = Item.objects.get(pk=item.pk).as_kind()
        tasks = list(process.task_set.exclude(status__in=[STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED, STATUS.ERROR])
                     .select_related("process", "owner"))
    human = [task for task in tasks if task.flow_task_type == "HUMAN"]
    refusal = withdraw_refusal(item, by, process, human)
    if refusal is not None:
        raise refusal
    comment = (comment or "").strip()
    if not comment:  # the reviewers it leaves and the timeline are told why
        raise ValidationError({"comment": ValidationError(_("请填写撤回原因。"), code="required")})
    flow_class = process.flow_class
    for task in tasks:
        activation = task.flow_task.activation_class(task)
        if activation.cancel.can_proceed():
            activation.cancel()
    process.status = PROCESS.CANCELED
    process.finished = timezone.now()
    process.save(update_fields=["status", "finished"])
    advance(item, flow_class.withdrawn_status, action="withdraw", by=by, organisation=item.organisation,
            comment=comment, data={"process": process.pk})
    seats.release_seats(item=item, reason=MembershipEnd.WITHDRAW, by=by, flow_class=flow_class)
    for task in human:
        notify.task_closed(task)
    notify.item_withdrawn(item, human, event_key=f"withdraw:{process.pk}", comment=comment)
    return item


@service
def reopen_item(*, item, by) -> Item:
    """Turn a withdrawn item back into a draft, to edit and submit again (a new process)."""
    item = lock_item(item, by)
    refusal = reopen_refusal(item, by)
    if refusal is not None:
        raise refusal
    advance(item, item.Status.DRAFT, action="reopen", by=by, organisation=item.organisation)
    return item
