"""抄送 (CC): copying people on an item for information. They can read it (a Participation with
reason CC, which scoping honours) and are told (a CC message); nothing more: a copy gives no
right to act, since every act checks the task's owner or queue, never participation.

Two ways in: a step declares it, `Step(..., cc=RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT))` (or a
list of actors), and whoever that names is copied when the step opens (copy_for_step, called by
the services' opening hook, workflows.engine.opening); or a task's handler copies
people they choose (services.cc.cc_task). Whom a handler may copy: the active holders of any role
except expert and inspector (who see only what they are assigned to) at the item's organisation,
its district and the bureau, the owning department, or the handler's own organisations.
"""

from django.db.models import Q

from core.audit.services import record_event
from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.engine import assignment, notify
from workflows.engine.access import scoped_items
from workflows.engine.carbon_copy.models import CarbonCopy
from workflows.engine.people import Candidate, people_of

NOT_COPIED_ROLES = (Role.EXPERT, Role.INSPECTOR)


def candidates(task, item, by) -> list[Candidate]:
    """Whom `by` may copy on this task: not themselves, not anyone already copied on it."""
    organisations = {int(pk) for pk in item.organisation.path.strip("/").split("/") if pk}
    organisations.add(item.owner_department_id)
    own = RoleGrant.objects.active().filter(user=by).values("organisation_id")
    grants = (
        RoleGrant.objects.active().filter(Q(organisation_id__in=organisations) | Q(organisation_id__in=own))
        .exclude(role__in=NOT_COPIED_ROLES).exclude(user=by)
        .exclude(user_id__in=CarbonCopy.objects.filter(task=task).values("recipient_id"))
        .select_related("user", "organisation").order_by("organisation__path", "role", "user__full_name", "user_id")
    )
    return people_of(grants)


def copy(*, item, task, users, sender=None, note: str = "", organisation=None, acting_for=None) -> list[CarbonCopy]:
    """Copy `users` on the item at `task`: the rows, the participation, the audit event and the
    messages. The caller holds the process's lock and has checked who may be copied.
    `acting_for`: the principal when a proxy (委托) copies from their principal's task."""
    rows = CarbonCopy.objects.bulk_create([
        CarbonCopy(item=item, task=task, step=task.flow_task.name, recipient=user, sender=sender, note=note)
        for user in users
    ])
    assignment.add_participants(users=users, item=item, reason=assignment.CC)
    event = record_event(
        action="cc", target=item, actor=sender, acting_for=acting_for, organisation=organisation,
        from_status=item.status, to_status=item.status, comment=note,
        data={"task": task.pk, "step": task.flow_task.name, "users": [user.pk for user in users],
              "names": [str(user) for user in users]},
    )
    notify.copied(item, task, users, key=f"item:{item.pk}:cc:{event.pk}", note=note)
    return rows


def copy_for_step(task, item) -> None:
    """The copies a step declares (Step(cc=...)), when its task opens."""
    users = {}
    for actor in task.flow_task.cc:
        for user in _people(actor, item):
            users.setdefault(user.pk, user)
    if users:
        copy(item=item, task=task, users=list(users.values()))


def _people(actor, item) -> list:
    if isinstance(actor, assignment.RoleAt):
        organisation = assignment.organisation_at(actor.level, item)
        return assignment.holders_of(actor.role, organisation.pk) if organisation is not None else []
    if isinstance(actor, assignment.Submitter):
        return [item.submitter]
    return [actor.find(item)]


def copied_to(user):
    """抄送我的: the copies `user` received on items they can still see, newest first, with what
    a list row shows (one query however many)."""
    return (
        CarbonCopy.objects.filter(recipient=user, item__in=scoped_items(user).values("pk"))
        .select_related("item__organisation", "item__owner_department", "item__submitter", "sender", "task")
        .order_by("-created_at", "-pk")
    )

