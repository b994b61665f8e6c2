"""加签 / 减签 on a multi-person step (workflows.engine.multistep): the handler of an open member
task adds someone to the step, or removes a member who has not acted yet.

add_signer(position="before") in 依次审批: the new member acts first, then the step comes back
to the handler (the handler's task closes and reopens after the new member approves).
position="after": the new member acts right after the handler. In 会签, 或签 and k of n the new
member simply joins with a task of their own, whatever the position.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from core.audit.services import record_event
from workflows.engine import members as sources
from workflows.engine import notify
from workflows.engine.multistep import MultiStep, cancel_member_task, open_member_task
from workflows.engine.services.common import acting_for, acting_organisation_id, open_task, org_ref, service
from workflows.engine.signing import signer_of
from workflows.engine.signing_models import DECIDED, PENDING, SignerState, Signer, SignMode

BEFORE, AFTER = "before", "after"


def _member_task(task_ref, by):
    """(task, item, node, signer) of an open member task that `by` may act on (404/403/409 as
    for a decision), or a ValidationError when the step is not a multi-person one."""
    task, item = open_task(task_ref, by)
    node = task.flow_task
    if not isinstance(node, MultiStep):
        raise ValidationError(_("“%(step)s”不是多人办理步骤，不能加签或减签。") % {"step": node.task_title},
                              code="not_multi_step")
    return task, item, node, signer_of(task)


def _user(user_ref):
    User = get_user_model()
    try:
        return user_ref if isinstance(user_ref, User) else User.objects.get(pk=int(user_ref))
    except (User.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"user": ValidationError(_("找不到该人员。"), code="invalid")}) from None


def _audit(action, *, task, item, by, user, data):
    record_event(action=action, target=item, actor=by, acting_for=acting_for(task),
                 organisation=org_ref(acting_organisation_id(task, item)), from_status=item.status,
                 to_status=item.status, data={"task": task.pk, "step": task.flow_task.name, "user": user.pk,
                                              "user_name": str(user), **data})


@service
def add_signer(*, task, by, user, position: str = AFTER) -> Signer:
    """加签: `user` joins the step of `task` (the handler's open member task)."""
    if position not in (BEFORE, AFTER):
        raise ValidationError({"position": ValidationError(_("加签位置须为“之前”或“之后”。"), code="invalid")})
    task, item, node, handler = _member_task(task, by)
    user = _user(user)
    group = handler.group
    if user.pk == item.submitter_id:
        raise ValidationError({"user": ValidationError(_("不能加签申报人本人。"), code="own_submission")})
    if group.signers.exclude(state=SignerState.REMOVED).filter(user=user).exists():
        raise ValidationError({"user": ValidationError(_("%(name)s已在此步骤中。") % {"name": user}, code="duplicate")})
    if not sources.eligible(node.members, item, user):
        raise ValidationError({"user": ValidationError(
            _("%(name)s不在“%(source)s”范围内，不能加签。") % {"name": user, "source": node.members},
            code="not_eligible")})

    sequence = group.mode == SignMode.SEQUENCE
    at = handler.position + (1 if position == AFTER else 0)
    # Make room: everyone from `at` on moves one place down (the handler too, for "before").
    group.signers.filter(position__gte=at).update(position=F("position") + 1)
    signer = Signer.objects.create(group=group, user=user, position=at, added_by=by)
    activation = node.activation_class(task)
    activation.opened = []
    if sequence and position == BEFORE:
        # The new member acts now; the handler's turn comes back after them.
        cancel_member_task(task)
        notify.task_closed(task)
        Signer.objects.filter(pk=handler.pk).update(state=SignerState.WAITING)
        open_member_task(node, activation, task.token, signer)
    elif not sequence:
        open_member_task(node, activation, task.token, signer)
    _audit("signer_add", task=task, item=item, by=by, user=user, data={"position": position, "signer": signer.pk})
    for opened in activation.opened:
        notify.task_opened(opened, item)
    if not activation.opened:
        notify.signer_added(item, task, user, event_key=f"signer:{signer.pk}:added")
    return signer


@service
def remove_signer(*, task, by, user) -> Signer:
    """减签: take `user`, a member who has not acted, out of the step of `task`."""
    task, item, node, handler = _member_task(task, by)
    user = _user(user)
    group = handler.group
    signers = list(group.signers.select_related("task").exclude(state=SignerState.REMOVED))
    target = next((signer for signer in signers if signer.user_id == user.pk), None)
    if target is None:
        raise ValidationError({"user": ValidationError(_("%(name)s不在此步骤中。") % {"name": user}, code="not_member")})
    if target.pk == handler.pk:
        raise ValidationError({"user": ValidationError(_("不能减签自己；如不同意，请驳回或退回。"), code="self")})
    if target.state in DECIDED:
        raise ValidationError({"user": ValidationError(_("%(name)s已办理，不能减签。") % {"name": user},
                                                       code="already_acted")})
    # The handler is still to act, so the step never runs out of members: the last one left is
    # the handler, refused above. In k of n the step must still be able to pass.
    if group.mode == SignMode.QUORUM:
        left = [signer for signer in signers if signer.state in PENDING and signer.pk != target.pk]
        approved = sum(signer.state == SignerState.APPROVED for signer in signers)
        if approved + len(left) < group.need:
            raise ValidationError({"user": ValidationError(
                _("减签后通过人数将无法达到%(need)d人。") % {"need": group.need}, code="below_quorum")})

    closed = target.task if target.state == SignerState.OPEN else None
    if closed is not None:
        cancel_member_task(closed)
    target.state = SignerState.REMOVED
    target.save(update_fields=["state"])
    _audit("signer_remove", task=task, item=item, by=by, user=user, data={"signer": target.pk})
    if closed is not None:
        notify.task_closed(closed)
    notify.signer_removed(item, task, user, event_key=f"signer:{target.pk}:removed")
    return target


def addable(node, item, group) -> list:
    """Who the handler may add to the step now: its pool, minus members and the submitter."""
    present = set(group.signers.exclude(state=SignerState.REMOVED).values_list("user_id", flat=True))
    return [user for user in sources.pool_of(node.members, item) if user.pk not in present]
