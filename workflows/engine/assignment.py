"""Who acts on a step: a role at an organisation found from the item, or a named person.

A flow says it in words: `RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT)` is "the district reviewers
of the item's district". Such a task is unclaimed: it sits in the queue of every holder of that
role there, until one of them claims it (or acts on it, which claims it). A named person's task is
theirs from the start. Nobody decides on their own submission: where the step would fall to the
submitter, it goes one level up (UP below), as often as needed.

The queue is stored in viewflow's own task columns, so no extra table is joined: the role code in
`owner_permission`, the organisation in `owner_permission_obj` (content type + pk).
"""

from dataclasses import dataclass, field
from typing import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.orgs.models import Organisation, Participation, ParticipationReason, RoleGrant
from core.orgs.roles import Role

# Levels: where, relative to the item, the acting organisation is.
ITEM_ORG = "item_org"
ITEM_DISTRICT = "item_district"
OWNING_DEPARTMENT = "owning_department"

LEVEL_LABELS = {
    ITEM_ORG: gettext_lazy("申报单位"),
    ITEM_DISTRICT: gettext_lazy("申报单位所在区县"),
    OWNING_DEPARTMENT: gettext_lazy("主管处室"),
}


def organisation_at(level: str, item) -> Organisation | None:
    if level == ITEM_ORG:
        return item.organisation
    if level == ITEM_DISTRICT:
        return item.organisation.district()
    if level == OWNING_DEPARTMENT:
        return item.owner_department
    raise ValueError(f"unknown level {level!r}")


# One level up from a role: the equivalent role at the parent level. A district's parent is the
# bureau, where no one reviews; the city's equivalent there is the owning department.
SAME = "same"
UP = {
    Role.APPLICANT: (Role.SCHOOL_HEAD, SAME),
    Role.SCHOOL_HEAD: (Role.DISTRICT_HEAD, ITEM_DISTRICT),
    Role.DISTRICT_STAFF: (Role.DISTRICT_HEAD, SAME),
    Role.DISTRICT_REVIEWER: (Role.CITY_REVIEWER, OWNING_DEPARTMENT),
    Role.DISTRICT_HEAD: (Role.CITY_HEAD, OWNING_DEPARTMENT),
    Role.CITY_REVIEWER: (Role.CITY_HEAD, SAME),
}


@dataclass(frozen=True)
class RoleAt:
    """Holders of `role` at the organisation `level` names, relative to the item."""

    role: str
    level: str

    def __str__(self):
        return _("%(level)s的%(role)s") % {"level": LEVEL_LABELS[self.level], "role": Role(self.role).label}

    def role_on(self, item) -> str:
        return self.role


@dataclass(frozen=True)
class RoleByKind(RoleAt):
    """As RoleAt, the role depending on the kind of organisation at `level`: a district's return
    is filed by its district_staff, a school's by its head. `role` where `by_kind` names none.

        RoleByKind(Role.DISTRICT_STAFF, ITEM_ORG, by_kind=((OrgKind.SCHOOL, Role.SCHOOL_HEAD),))
    """

    by_kind: tuple = ()

    def __str__(self):
        roles = [self.role, *(role for _kind, role in self.by_kind)]
        return _("%(level)s的%(role)s") % {"level": LEVEL_LABELS[self.level],
                                          "role": _("或").join(str(Role(role).label) for role in roles)}

    def role_on(self, item) -> str:
        return dict(self.by_kind).get(organisation_at(self.level, item).kind, self.role)


@dataclass(frozen=True)
class Person:
    """A named person, found from the item (e.g. a panel's chair). `label` says who, for the chart."""

    find: Callable
    label: str

    def __str__(self):
        return str(self.label)


@dataclass(frozen=True)
class Submitter:
    """The item's submitter (revising after a return)."""

    def __str__(self):
        return _("申报人")


SUBMITTER = Submitter()


@dataclass(frozen=True)
class Assignment:
    """Where a new task goes: a person (owner), or a queue (role at organisation)."""

    owner: object = None
    role: str = ""
    organisation: Organisation | None = None
    # For a queue: who holds the role there (read once, for the submitter check and for the
    # notifications of the new task).
    holders: tuple = field(default=(), compare=False, repr=False)


def holders_of(role: str, organisation_id: int, at=None) -> list:
    """The active users holding `role` at the organisation, each once."""
    grants = RoleGrant.objects.active(at).filter(role=role, organisation_id=organisation_id).select_related("user")
    return list({grant.user_id: grant.user for grant in grants}.values())


def holds(user_id: int, role: str, organisation: Organisation, at=None) -> bool:
    return RoleGrant.objects.active(at).filter(user_id=user_id, role=role, organisation=organisation).exists()


def resolve(actor, item, *, own_filing: bool = False) -> Assignment:
    """The assignment of a new task for `actor` on `item`, going up past the submitter; except
    for the item's own filing (`own_filing`: a fan-out's Report step, where the target files again
    what it filed before), which stays with the target's queue."""
    if own_filing and isinstance(actor, RoleAt):
        organisation = organisation_at(actor.level, item)
        role = actor.role_on(item)
        return Assignment(role=role, organisation=organisation, holders=tuple(holders_of(role, organisation.pk)))
    if isinstance(actor, Submitter):
        return Assignment(owner=item.submitter)
    if isinstance(actor, Person):
        person = actor.find(item)
        if person.pk == item.submitter_id:
            raise ValidationError(_("此步骤的办理人是申报人本人，不能审批自己的申报。"), code="own_submission")
        return Assignment(owner=person)
    found = queue_without(actor, item, user_id=item.submitter_id)
    if found is None:
        raise ValidationError(
            _("找不到可办理“%(step)s”的单位：申报人不能审批自己的申报，且没有更上一级。") % {"step": actor},
            code="no_assignee",
        )
    return found


def queue_without(actor: RoleAt, item, *, user_id) -> Assignment | None:
    """The queue of `actor` on `item`, gone up (UP) as often as needed until `user_id` is not
    among its holders; None when there is no level above."""
    role, organisation = actor.role_on(item), organisation_at(actor.level, item)
    while organisation is not None:
        users = holders_of(role, organisation.pk)
        if all(user.pk != user_id for user in users):
            return Assignment(role=role, organisation=organisation, holders=tuple(users))
        role, level = UP.get(role, (None, None))
        if role is None:
            organisation = None
        elif level != SAME:
            organisation = organisation_at(level, item)
    return None


def apply(task, assignment: Assignment) -> None:
    """Write the assignment into the (unsaved) task."""
    if assignment.owner is not None:
        from viewflow.workflow.status import STATUS

        task.owner = assignment.owner
        task.status = STATUS.ASSIGNED
        task.assigned = timezone.now()
    else:
        task.owner_permission = assignment.role
        task.owner_permission_obj = assignment.organisation


def queue_of(task) -> tuple[str, int] | None:
    """(role, organisation id) of an unclaimed-style task, or None for a named person's task."""
    if not task.owner_permission:
        return None
    return task.owner_permission, int(task.owner_permission_obj_pk)


def queue_member(user, at=None) -> Exists:
    """in_queue(user, task) as an annotation of a task queryset, so that loading the task answers
    it in the same statement."""
    return Exists(
        RoleGrant.objects.active(at).filter(
            user=user, role=OuterRef("owner_permission"),
            organisation_id=Cast(OuterRef("owner_permission_obj_pk"), BigIntegerField()),
        )
    )


def in_queue(user, task, at=None) -> bool:
    """May `user` pick this task from the queue (claim it, or act on it, which claims it)?"""
    queue = queue_of(task)
    if queue is None:
        return False
    role, organisation_id = queue
    return RoleGrant.objects.active(at).filter(user=user, role=role, organisation_id=organisation_id).exists()


def queue_filter(grants) -> Q:
    """Tasks queued for any of these (role, organisation id) grants."""
    organisation_type = ContentType.objects.get_for_model(Organisation, for_concrete_model=False)
    q = Q(pk__in=[])
    for role, organisation_id in grants:
        q |= Q(owner_permission=role, owner_permission_obj_pk=str(organisation_id))
    return q & Q(owner_permission_content_type=organisation_type)


def participation(*, user, item, reason: str) -> Participation:
    """The (unsaved) row that lets scoping show the item to someone who takes part in it."""
    return Participation(
        user=user,
        content_type=ContentType.objects.get_for_model(item, for_concrete_model=True),
        object_id=item.pk,
        reason=reason,
    )


def add_participant(*, user, item, reason: str) -> None:
    """Let scoping show the item to someone who takes part in it (idempotent, one statement)."""
    add_participants(users=[user], item=item, reason=reason)


def takes_part(user, item, *, reason: str) -> bool:
    content_type = ContentType.objects.get_for_model(item, for_concrete_model=True)
    return Participation.objects.active().filter(user=user, content_type=content_type, object_id=item.pk,
                                                 reason=reason).exists()


def add_participants(*, users, item, reason: str) -> None:
    """The same for several people, in one statement."""
    Participation.objects.bulk_create(
        [participation(user=user, item=item, reason=reason) for user in users], ignore_conflicts=True
    )


ASSIGNEE = ParticipationReason.ASSIGNEE
SUBMITTER_REASON = ParticipationReason.SUBMITTER
CC = ParticipationReason.CC
