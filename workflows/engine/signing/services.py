"""加签 / 减签 on a multi-person step (workflows.engine.signing.step). Which changes of members a
step allows, the step declares (MultiStep.member_acts / owner_acts); who may make them, and the
acts themselves, are here and only here (the item page and the API offer what they say):

- The step's owner — the department running it: the city reviewers and heads of the item's
  owning department (OWNING_DEPARTMENT) — may add someone from the pool, remove a member who has
  not acted, and in a drawn panel replace a member by a new draw, in every mode
  (add_signer_to_step, remove_signer_from_step, redraw_signer).
- A member (the handler of an open member task, or their proxy) may, in 依次 and 或签 only, add
  someone from the pool (add_signer: in 依次 before or after themselves — the usual 加签) and
  withdraw a 加签 of their own that has not acted (remove_signer). In 会签 and k of n every vote
  counts, so a member choosing who else votes — removing a peer, bringing in a colleague — would
  choose the outcome: members may neither add nor remove there (403).
- A drawn panel (Drawn) is never added to by anyone's choice of a person: its members come from
  the draw, and a replacement from a new draw under the same rules (回避, never the submitter,
  never someone who was in the step before).
- A step never goes below its minimum size (MultiStep.min_size), never loses its last member
  still to act, and in k of n never becomes unable to reach k approvals.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F, Max
from django.utils.translation import gettext as _
from viewflow.workflow.models import Process

from core.audit.services import record_event
from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.engine import notify, opening
from workflows.engine.access import refuse
from workflows.engine.assignment import OWNING_DEPARTMENT, organisation_at
from workflows.engine.envelope import (
    acting_for,
    acting_organisation_id,
    load_item,
    open_task,
    org_ref,
    pk_of,
    service,
)
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.locking import lock_process
from workflows.engine.models import item_of_process
from workflows.engine.people import Candidate, labelled
from workflows.engine.signing import members as sources
from workflows.engine.signing.member_tasks import (
    cancel_member_task,
    is_open,
    open_member_task,
)
from workflows.engine.signing.models import (
    DECIDED,
    PENDING,
    Signer,
    SignerState,
    SignGroup,
    SignMode,
)
from workflows.engine.signing.step import ADD, REDRAW, REMOVE, MultiStep
from workflows.engine.signing.votes import next_waiting, signer_of

BEFORE, AFTER = "before", "after"
# Who runs a multi-person step for the bureau: the owning department's reviewers and heads.
OWNER_ROLES = (Role.CITY_REVIEWER, Role.CITY_HEAD)


# --- The rules ------------------------------------------------------------------------------------


def is_step_owner(user, item) -> bool:
    department = organisation_at(OWNING_DEPARTMENT, item)
    return department is not None and RoleGrant.objects.active().filter(
        user=user, role__in=OWNER_ROLES, organisation=department).exists()


def removal_refusal(node, group, signers, target, *, member=None, authors=()) -> Exception | None:
    """Why `target` may not be taken out of the step now (None: they may). `signers`: the step's
    members not removed; `member`: the member asking (None: the owner), who may only withdraw a
    加签 whose author is among `authors` (the member, and their proxy who acts). Reads nothing:
    the item page asks it for every member."""
    def refusal(message, code):
        return ValidationError({"user": ValidationError(message, code=code)})

    if member is not None and target.pk == member.pk:
        return refusal(_("不能减签自己；如不同意，请驳回或退回。"), "self")
    if target.state in DECIDED:
        return refusal(_("%(name)s已办理，不能减签。") % {"name": target.user}, "already_acted")
    if member is not None and target.added_by_id not in authors:
        # Not bad input but someone else's say: removing a peer is the owner's act (403).
        return NotAllowed(_("只能减签本人加签的人员；调整其他成员请联系主管处室。"))
    if len(signers) - 1 < node.min_size:
        return refusal(_("此步骤至少需要%(min)d人，不能再减签。") % {"min": node.min_size}, "below_minimum")
    left = [signer for signer in signers if signer.state in PENDING and signer.pk != target.pk]
    if not left:
        return refusal(_("%(name)s是最后一位尚未办理的成员，不能减签。") % {"name": target.user}, "last_pending")
    if group.mode == SignMode.QUORUM:
        approved = sum(signer.state == SignerState.APPROVED for signer in signers)
        if approved + len(left) < group.need:
            return refusal(_("减签后通过人数将无法达到%(need)d人。") % {"need": group.need}, "below_quorum")
    return None


def addable(node, item, group) -> list:
    """Who may be added to the step now: its pool, minus members and the submitter (none for a
    drawn panel: see redraw_signer)."""
    if node.drawn:
        return []
    present = set(group.signers.exclude(state=SignerState.REMOVED).values_list("user_id", flat=True))
    return [user for user in sources.pool_of(node.members, item) if user.pk not in present]


def member_candidates(task, item) -> list[Candidate]:
    """Whom the handler of member task `task` (open, checked by the caller) may add (加签), by
    name: `addable`, labelled. 403 where only the owner changes the members."""
    node = member_node(task, ADD)
    return labelled(addable(node, item, signer_of(task).group))


def step_candidates(*, group, by) -> list[Candidate]:
    """Whom the owning department may add to the open step `group` (加签 by the owner), by name:
    `addable`, labelled; none for a drawn panel. 404 to whom the item is out of scope, 403 to
    one who sees it but does not own the step, 409 once the step has closed."""
    found, item = _owner_sees(group, by)
    node = found.process.flow_class.instance.node(found.step, no_obsolete=True)
    if found.outcome or node is None or not found.signers.filter(state=SignerState.OPEN).exists():
        raise InvalidState(_("此步骤已结束，不能再调整成员。"))
    return labelled(addable(node, item, found))


def _check_addable(node, item, group, user) -> None:
    if user.pk == item.submitter_id:
        raise ValidationError({"user": ValidationError(_("不能加签申报人本人。"), code="own_submission")})
    if group.signers.exclude(state=SignerState.REMOVED).filter(user=user).exists():
        raise ValidationError({"user": ValidationError(_("%(name)s已在此步骤中。") % {"name": user}, code="duplicate")})
    if not sources.eligible(node.members, item, user):
        raise ValidationError({"user": ValidationError(
            # Named by id, the person may be anyone in the city: the refusal does not say who (#11.7).
            _("所选人员不是您可以选择的人员：只能加签“%(source)s”范围内的人员。") % {"source": node.members},
            code="not_eligible")})


# --- Loading -------------------------------------------------------------------------------------


def _member_task(task_ref, by, act):
    """(task, item, node, signer) of an open member task that `by` may act on (404/403/409 as
    for a decision) and whose mode lets a member do `act` (else 403)."""
    task, item = open_task(task_ref, by)
    return task, item, member_node(task, act), signer_of(task)


def member_node(task, act) -> MultiStep:
    """The multi-person step of a member's `task`, if its mode lets a member do `act` (else 403;
    400 for a task of another kind of step)."""
    node = task.flow_task
    if not isinstance(node, MultiStep):
        raise ValidationError(_("“%(step)s”不是多人办理步骤，不能加签或减签。") % {"step": node.task_title},
                              code="not_multi_step")
    if act not in node.member_acts():
        raise NotAllowed(_("“%(step)s”（%(mode)s）的成员只能由主管处室调整，成员本人不能加签或减签。")
                         % {"step": node.task_title, "mode": node.mode.label})
    return node


def _owner_sees(group_ref, by):
    """(group, item) of step `group_ref`, unlocked, for its owner: 404 to whom the item is out of
    scope (or the step does not exist), 403 to one who sees it but does not own the step."""
    group = SignGroup.objects.select_related("process").filter(pk=pk_of(group_ref)).first()
    if group is None or group.process.artifact_object_id is None:
        raise NotFound()
    item = load_item(group.process.artifact_object_id, by)
    if not is_step_owner(by, item):
        refuse(by, item, _("只有主管处室的审核人员或负责人可以调整此步骤的成员。"))
    return group, item


def _owned_step(group_ref, by, act):
    """(group, item, node, signers not removed, an open member task) of a step that is still
    open, for its owner (403 for others who see the item, 404 for anyone else), its process
    locked; 409 when the step has decided or closed."""
    group, item = _owner_sees(group_ref, by)
    lock_process(Process, group.process_id)
    group = SignGroup.objects.select_related("process").get(pk=group.pk)
    item = item_of_process(group.process)
    node = group.process.flow_class.instance.node(group.step, no_obsolete=True)
    signers = list(group.signers.select_related("user", "task").exclude(state=SignerState.REMOVED))
    open_tasks = [s.task for s in signers if s.state == SignerState.OPEN and s.task is not None and is_open(s.task)]
    if group.outcome or node is None or not open_tasks:
        raise InvalidState(_("此步骤已结束，不能再调整成员。"))
    if act not in node.owner_acts():
        message = (_("“%(source)s”的成员由抽取产生，不能指定人员加入；请用“重新抽取”替换成员。") if act == ADD
                   else _("“%(source)s”的成员不是抽取产生的，不能重新抽取。"))
        raise ValidationError({"user": ValidationError(message % {"source": node.members},
                                                       code="drawn_panel" if act == ADD else "not_drawn")})
    return group, item, node, signers, open_tasks[0]


def _user(user_ref):
    User = get_user_model()
    try:
        return user_ref if isinstance(user_ref, User) else User.objects.get(pk=int(user_ref))
    except (User.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"user": ValidationError(_("找不到该人员。"), code="invalid")}) from None


def _target(signers, user) -> Signer:
    target = next((signer for signer in signers if signer.user_id == user.pk), None)
    if target is None:
        raise ValidationError({"user": ValidationError(_("所选人员不是此步骤的成员。"), code="not_member")})
    return target


def _audit(action, *, task, item, by, user, data, as_owner=False):
    """The event of a change of members; the owner acts for their department."""
    organisation = item.owner_department_id if as_owner else acting_organisation_id(task, item)
    record_event(action=action, target=item, actor=by, acting_for=None if as_owner else acting_for(task),
                 organisation=org_ref(organisation), from_status=item.status, to_status=item.status,
                 data={"task": task.pk, "step": task.flow_task.name, "user": user.pk, "user_name": str(user), **data})


def _joined(node, task, item, signer, *, open_now: bool) -> None:
    """The new member's task opens now, or they hear that their turn will come (依次)."""
    activation = node.activation_class(task)
    activation.opened = []
    if open_now:
        open_member_task(node, activation, task.token, signer)
    opening.tasks_opened(activation.opened, item)
    for opened in activation.opened:
        notify.task_opened(opened, item)
    if not activation.opened:
        notify.signer_added(item, task, signer.user, event_key=f"signer:{signer.pk}:added")


def _take_out(node, task, item, target) -> None:
    """Remove `target` (checked by removal_refusal); in 依次, if it was their turn, the next
    member's turn comes. `task`: an open member task of the step, the new task's predecessor."""
    closed = target.task if target.state == SignerState.OPEN else None
    if closed is not None:
        cancel_member_task(closed)
    target.state = SignerState.REMOVED
    target.save(update_fields=["state"])
    if closed is not None:
        notify.task_closed(closed)
        if target.group.mode == SignMode.SEQUENCE:
            following = next_waiting(list(target.group.signers.all()))
            _joined(node, task, item, following, open_now=True)
    notify.signer_removed(item, task, target.user, event_key=f"signer:{target.pk}:removed")


# --- A member's acts -----------------------------------------------------------------------------


@service
def add_signer(*, task, by, user, position: str = AFTER) -> Signer:
    """加签 by a member (依次, 或签): `user` from the pool joins the step of `task`."""
    if position not in (BEFORE, AFTER):
        raise ValidationError({"position": ValidationError(_("加签位置须为“之前”或“之后”。"), code="invalid")})
    task, item, node, handler = _member_task(task, by, ADD)
    user = _user(user)
    group = handler.group
    _check_addable(node, item, group, user)

    sequence = group.mode == SignMode.SEQUENCE
    at = handler.position + (1 if position == AFTER else 0)
    # Make room: everyone from `at` on moves one place down (the handler too, for "before").
    group.signers.filter(position__gte=at).update(position=F("position") + 1)
    signer = Signer.objects.create(group=group, user=user, position=at, added_by=by)
    if sequence and position == BEFORE:
        # The new member acts now; the handler's turn comes back after them.
        cancel_member_task(task)
        notify.task_closed(task)
        Signer.objects.filter(pk=handler.pk).update(state=SignerState.WAITING)
    _audit("signer_add", task=task, item=item, by=by, user=user, data={"position": position, "signer": signer.pk})
    _joined(node, task, item, signer, open_now=not sequence or position == BEFORE)
    return signer


@service
def remove_signer(*, task, by, user) -> Signer:
    """A member withdraws their own 加签 (依次, 或签): `user`, who has not acted, leaves the step."""
    task, item, node, handler = _member_task(task, by, REMOVE)
    user = _user(user)
    signers = list(handler.group.signers.select_related("task", "user").exclude(state=SignerState.REMOVED))
    target = _target(signers, user)
    # A proxy's 加签 names the proxy as its author: either may withdraw it.
    refusal = removal_refusal(node, handler.group, signers, target, member=handler, authors={handler.user_id, by.pk})
    if refusal is not None:
        raise refusal
    _audit("signer_remove", task=task, item=item, by=by, user=user, data={"signer": target.pk})
    _take_out(node, task, item, target)
    return target


# --- The owner's acts ----------------------------------------------------------------------------


@service
def add_signer_to_step(*, group, by, user) -> Signer:
    """The owner adds `user` from the pool (not to a drawn panel): in 依次 they act last, else
    their task opens at once."""
    group, item, node, signers, task = _owned_step(group, by, ADD)
    user = _user(user)
    _check_addable(node, item, group, user)
    last = group.signers.aggregate(last=Max("position"))["last"]
    signer = Signer.objects.create(group=group, user=user, position=last + 1, added_by=by)
    _audit("signer_add", task=task, item=item, by=by, user=user, data={"position": "owner", "signer": signer.pk},
           as_owner=True)
    _joined(node, task, item, signer, open_now=group.mode != SignMode.SEQUENCE)
    return signer


@service
def remove_signer_from_step(*, group, by, user) -> Signer:
    """The owner takes `user`, a member who has not acted, out of the step (within its minimum)."""
    group, item, node, signers, task = _owned_step(group, by, REMOVE)
    target = _target(signers, _user(user))
    refusal = removal_refusal(node, group, signers, target)
    if refusal is not None:
        raise refusal
    _audit("signer_remove", task=task, item=item, by=by, user=target.user, data={"signer": target.pk}, as_owner=True)
    _take_out(node, task, item, target)
    return target


@service
def redraw_signer(*, group, by, user) -> Signer:
    """The owner replaces `user`, a drawn member who has not acted, by a new draw from the pool
    (回避 as at the opening; nobody who was in the step before). The new member takes their
    place: their task opens if it was the replaced member's turn. Returns the new member."""
    group, item, node, signers, task = _owned_step(group, by, REDRAW)
    target = _target(signers, _user(user))
    if target.state in DECIDED:
        raise ValidationError({"user": ValidationError(_("%(name)s已办理，不能替换。") % {"name": target.user},
                                                       code="already_acted")})
    ever = set(group.signers.values_list("user_id", flat=True))
    drawn = sources.draw_one(node.members, item, excluded=ever)
    if drawn is None:
        raise ValidationError({"user": ValidationError(
            _("“%(source)s”中已没有可抽取的人员，不能替换。") % {"source": node.members}, code="pool_exhausted")})
    its_turn = target.state == SignerState.OPEN
    closed = target.task if its_turn else None
    if closed is not None:
        cancel_member_task(closed)
    target.state = SignerState.REMOVED
    target.save(update_fields=["state"])
    group.signers.filter(position__gt=target.position).update(position=F("position") + 1)
    signer = Signer.objects.create(group=group, user=drawn, position=target.position + 1, added_by=by)
    _audit("signer_redraw", task=task, item=item, by=by, user=drawn,
           data={"signer": signer.pk, "replaced": target.user_id, "replaced_name": str(target.user)}, as_owner=True)
    if closed is not None:
        notify.task_closed(closed)
    notify.signer_removed(item, task, target.user, event_key=f"signer:{target.pk}:removed")
    _joined(node, task, item, signer, open_now=its_turn)
    return signer
