"""The rules of extension requests (延期申请) that the services and pages share: who decides a
step's requests, who may decide one, and what a requested date means.

Who decides is the step's policy: `Step(..., extension_approver=RoleAt(...) | Person(...))`.
Without one, the owning department's city_reviewer decides; for a city step (its actor a role at
OWNING_DEPARTMENT) the department's city_head. Where the requester holds that role there, the
request goes one level up (assignment.UP), as a step does past its submitter.

A date means 17:30 local (settings.WORKDAY_END) that day, like every deadline the engine counts.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar.working_days import workday_end
from core.orgs.models import Proxy, RoleGrant
from core.orgs.roles import Role
from workflows.engine import assignment
from workflows.engine.assignment import OWNING_DEPARTMENT, Assignment, Person, RoleAt


def approver_actor(node):
    """The actor the step names for its extension requests, or the default."""
    declared = getattr(node, "extension_approver", None)
    if declared is not None:
        return declared
    actor = getattr(node, "actor", None)
    if isinstance(actor, RoleAt) and actor.level == OWNING_DEPARTMENT:
        return RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT)
    return RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT)


def approver_of(node, item, requester) -> Assignment:
    """Where `requester`'s request on a task of `node` goes: a queue or a named person, never the
    requester. A ValidationError when nobody is left above."""
    actor = approver_actor(node)
    if isinstance(actor, Person):
        person = actor.find(item)
        if person is not None and person.pk != requester.pk:
            return Assignment(owner=person)
        found = None
    else:
        found = assignment.queue_without(actor, item, user_id=requester.pk)
    if found is None:
        raise ValidationError(_("找不到可审批此延期申请的人：审批人不能是申请人本人，且没有更上一级。"),
                              code="no_approver")
    return found


def may_decide(user, request) -> bool:
    """Is `user` the request's approver (a holder of its role there, or the named person), and not
    its requester?"""
    if user.pk == request.requested_by_id:
        return False
    if request.approver_user_id is not None:
        return request.approver_user_id == user.pk
    return RoleGrant.objects.active().filter(
        user_id=user.pk, role=request.approver_role, organisation_id=request.approver_organisation_id
    ).exists()


def principal_deciding(user, request, item):
    """The person whose request `user` may decide as their proxy (委托), or None: during a range,
    the proxy of the named approver or of a holder of the approver's role there decides in their
    name, as on their tasks. Never the requester's own request, nor the principal's, nor on the
    proxy's own submission or their own organisation's (as on tasks, proxies.principal_for).
    One statement."""
    if user.pk in (request.requested_by_id, item.submitter_id):
        return None
    own = RoleGrant.objects.active().filter(user=user, organisation_id=item.organisation_id)
    ranges = (Proxy.objects.active().filter(proxy=user).exclude(principal_id=request.requested_by_id)
              .filter(~Exists(own)).select_related("principal"))
    if request.approver_user_id is not None:
        found = ranges.filter(principal_id=request.approver_user_id).first()
    else:
        holds = RoleGrant.objects.active().filter(user=OuterRef("principal_id"), role=request.approver_role,
                                                  organisation_id=request.approver_organisation_id)
        found = ranges.filter(Exists(holds)).order_by("starts_on", "pk").first()
    return found.principal if found is not None else None


def due_moment(day: date) -> datetime:
    """The due moment of a requested date: 17:30 local that day."""
    return datetime.combine(day, workday_end(), tzinfo=timezone.get_default_timezone())


def check_new_due(day, *, current_due: datetime, field: str) -> datetime:
    """The due moment of `day` if it is a real extension: after the current due date and still
    ahead of now. Otherwise a ValidationError on `field`."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError({field: ValidationError(_("请填写有效的日期。"), code="invalid")})
    moment = due_moment(day)
    if moment <= timezone.now():
        raise ValidationError({field: ValidationError(_("延期后的期限必须晚于当前时间。"), code="past")})
    if day <= timezone.localtime(current_due).date():
        raise ValidationError({field: ValidationError(
            _("延期后的日期必须晚于当前期限（%(due)s）。")
            % {"due": timezone.localtime(current_due).strftime("%Y-%m-%d %H:%M")},
            code="not_later",
        )})
    return moment
