"""成员变更 during the term: the host asks to add or remove a member with a reason; the school's
head approves (or refuses), then the owning department; its approval applies the change. Each
act is one audited transaction; the studio's rules (member count, one active studio a person:
the database's index, which also settles two studios taking one teacher at the same moment)
are checked when the change is applied."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from notifications import api
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.locking import lock_row
from workflows.engine.notify import item_link
from workflows.engine.people import name_of
from workflows.engine.tenure.models import Tenure, TenureState
from workflows.studio import message_kinds, rules
from workflows.studio.models import (
    ChangeAction,
    ChangeState,
    MemberChange,
    MemberRole,
    MemberState,
    StudioDetails,
    StudioMember,
)

REASON_MAX = 2000


def studio_seen(user, studio):
    """The studio `user` sees; else 404."""
    from workflows.studio.models import Studio

    item = Studio.objects.select_related("organisation", "owner_department").filter(
        pk=pk_of(studio), kind=Studio.KIND).first()
    if item is None:
        raise NotFound(_("未找到该工作室，或您无权查看。"))
    rules.check_sees(user, item)
    return item


def _certified(user, studio):
    """The certified studio `user` sees, with its live tenure; else 404 / 409."""
    item = studio_seen(user, studio)
    if not Tenure.objects.filter(item=item, state=TenureState.ACTIVE).exists():
        raise InvalidState(_("该工作室不在认定有效期内，不能变更成员。"))
    return item


def _audit(action, change, by, *, comment=""):
    item = change.studio
    record_event(action=action, target=item, actor=by, organisation=item.organisation, from_status=item.status,
                 to_status=item.status, comment=comment,
                 data={"change": change.pk, "action": change.action, "person": change.person_id,
                       "state": change.state})


@service
def request_change(*, studio, by, action: str, person, reason: str, role: str = MemberRole.MEMBER) -> MemberChange:
    """The host's request: add `person` (not yet a member) or remove one (a member now)."""
    item = _certified(by, studio)
    details = StudioDetails.objects.get(item=item)
    if by.pk != details.host_id:
        raise NotAllowed(_("只有工作室主持人可以申请成员变更。"))
    if action not in ChangeAction.values:
        raise rules.invalid("action", _("请选择增加或减少成员。"))
    if role not in MemberRole.values:
        raise rules.invalid("role", _("成员类别不正确。"))
    reason = (reason or "").strip()
    if not reason:
        raise rules.invalid("reason", _("请填写变更理由。"))
    person_id = pk_of(person)
    current = StudioMember.objects.filter(studio=item, person_id=person_id, state=MemberState.ACTIVE).exists()
    if action == ChangeAction.ADD and current:
        raise rules.invalid("person", _("该人员已是本工作室成员。"))
    if action == ChangeAction.REMOVE and not current:
        raise rules.invalid("person", _("该人员不是本工作室的在册成员。"))
    if MemberChange.objects.filter(studio=item, person_id=person_id,
                                   state__in=[ChangeState.SCHOOL, ChangeState.DEPARTMENT]).exists():
        raise InvalidState(_("该人员已有待审核的成员变更。"))
    change = MemberChange.objects.create(studio=item, action=action, person_id=person_id, role=role,
                                         reason=reason[:REASON_MAX], requested_by=by)
    _audit("studio_member_change_requested", change, by, comment=reason)
    _tell(change, rules.heads_of(item.organisation_id))
    return change


def _open_change(by, change) -> MemberChange:
    found = MemberChange.objects.filter(pk=pk_of(change)).values_list("studio_id", flat=True).first()
    if found is None:
        raise NotFound(_("未找到该成员变更，或您无权查看。"))
    from workflows.engine.models import Item

    rules.check_sees(by, Item.objects.get(pk=found))
    lock_row(MemberChange, pk_of(change))
    change = MemberChange.objects.select_related("studio__organisation", "person").get(pk=pk_of(change))
    if change.state not in (ChangeState.SCHOOL, ChangeState.DEPARTMENT):
        raise InvalidState(_("该成员变更已办结。"))
    rules.check_change(by, change)
    return change


@service
def approve_change(*, change, by, note: str = "") -> MemberChange:
    """The school's approval passes it to the department; the department's applies it."""
    change = _open_change(by, change)
    change.note = (note or "").strip()
    if change.state == ChangeState.SCHOOL:
        change.state, change.school_by = ChangeState.DEPARTMENT, by
        change.save(update_fields=["state", "school_by", "note"])
        _audit("studio_member_change_endorsed", change, by, comment=change.note)
        _tell(change, rules.department_of(change.studio))
        return change
    _apply(change)
    change.state, change.decided_by, change.decided_at = ChangeState.APPROVED, by, timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at", "note"])
    _audit("studio_member_change_approved", change, by, comment=change.note)
    return change


@service
def refuse_change(*, change, by, note: str) -> MemberChange:
    change = _open_change(by, change)
    note = (note or "").strip()
    if not note:
        raise rules.invalid("note", _("不予批准须填写理由。"))
    change.state, change.note, change.decided_by, change.decided_at = ChangeState.REFUSED, note, by, timezone.now()
    change.save(update_fields=["state", "note", "decided_by", "decided_at"])
    _audit("studio_member_change_refused", change, by, comment=note)
    return change


def _apply(change) -> None:
    item = change.studio
    details = StudioDetails.objects.select_related("campaign__programme").get(item=item)
    studio_rules = rules.rules_of(details.campaign.programme)
    active = StudioMember.objects.filter(studio=item, state=MemberState.ACTIVE)
    count = active.count() + (1 if change.action == ChangeAction.ADD else -1)
    if not studio_rules.min_members <= count <= studio_rules.max_members:
        raise rules.invalid("person", _("变更后成员为%(n)s人，须为%(min)s至%(max)s人。")
                            % {"n": count, "min": studio_rules.min_members, "max": studio_rules.max_members})
    today = timezone.localdate()
    if change.action == ChangeAction.REMOVE:
        active.filter(person=change.person).update(state=MemberState.LEFT, left_on=today,
                                                   left_reason=_("成员变更：%(reason)s") % {"reason": change.reason[:150]})
        return
    taken = _("以下人员已是其他在册工作室的成员：%(names)s") % {"names": name_of(change.person)}
    if rules.in_other_studios([change.person_id], studio=item):
        raise rules.invalid("person", taken)
    school = rules.schools_of([change.person_id]).get(change.person_id)
    if school is None:
        raise rules.invalid("person", _("以下人员不是学校教职工，不能作为成员：%(names)s") % {"names": name_of(change.person)})
    try:
        with transaction.atomic():  # the database's rule: a concurrent approval elsewhere loses here
            StudioMember.objects.create(studio=item, person=change.person, school=school, role=change.role,
                                        state=MemberState.ACTIVE, joined_on=today)
    except IntegrityError:
        raise rules.invalid("person", taken) from None


def _tell(change, users) -> None:
    item = change.studio
    api.notify_many(recipients={f"studio-change:{change.pk}:{change.state}:{user.pk}": user for user in users},
                    kind=message_kinds.STUDIO_MEMBER_CHANGE, target=item, link=item_link(item),
                    params={"item": item.pk, "ref_no": item.ref_no, "title": item.title,
                            "person": name_of(change.person), "action": change.get_action_display()})
