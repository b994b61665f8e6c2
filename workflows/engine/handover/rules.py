"""Who may take a task over (转办) or handle it for its handler (委派), and a delegation's state.

Eligible people. A queued task (a role at an organisation) may go to any other active holder of
that role there: exactly who the queue would have offered it to. A named person's task (a
panel's chair, a head) was given to that person, not to a queue; it may go to a holder of the same
reviewing role, at the same organisation, as the current handler holds there (a district
reviewer's task to another reviewer of that district). Experts and inspectors are named for a
panel or team with recusal rules, and the submitter revises their own item: those tasks have
nobody to go to. Never oneself, never the item's submitter, never someone who cannot see the item.

A delegation lives in the task's own data, {"delegation": {"handler": id, "delegate": id}}: while
it lasts the task's owner is the delegate, so that it shows in the delegate's 待办 and its
reminders go to them, and open_task tells the two apart without another query.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.orgs.models import RoleGrant, User
from core.orgs.roles import Role
from workflows.engine import acts, assignment
from workflows.engine.access import visible
from workflows.engine.handover.delegation import AS_DELEGATE, AS_HANDLER, delegation_of  # noqa: F401 - its callers' names
from workflows.engine.nodes import acts_of
from workflows.engine.people import Candidate, people_of

# The roles that review or sign: a named person's task may pass between holders of these.
REVIEW_ROLES = (
    Role.SCHOOL_HEAD, Role.DISTRICT_STAFF, Role.DISTRICT_REVIEWER, Role.DISTRICT_HEAD, Role.CITY_REVIEWER,
    Role.CITY_HEAD,
)

# The two acts that hand a task to someone (for check_target's wording).
TRANSFER = "transfer"
DELEGATE = "delegate"


def may_hand_over(task) -> bool:
    """A reviewing step can be transferred or delegated; the submitter's revision cannot."""
    node = task.flow_task
    offered = acts_of(node)
    return bool(offered) and acts.RESUBMIT not in offered


def _grants(task, handler_id) -> list[tuple[str, int]]:
    """(role, organisation id) pairs that make someone eligible for this task."""
    queue = assignment.queue_of(task)
    if queue is not None:
        return [queue]
    return list(
        RoleGrant.objects.active().filter(user_id=handler_id, role__in=REVIEW_ROLES)
        .values_list("role", "organisation_id")
    )


def candidates(task, item, by) -> list[Candidate]:
    """The people `by` may hand this task to, by name (two queries at most)."""
    if not may_hand_over(task):
        return []
    grants = _grants(task, task.owner_id or by.pk)
    if not grants:
        return []
    matching = Q(pk__in=[])
    for role, organisation_id in grants:
        matching |= Q(role=role, organisation_id=organisation_id)
    rows = (
        RoleGrant.objects.active().filter(matching)
        .exclude(user_id__in={by.pk, item.submitter_id, task.owner_id} - {None})
        .select_related("user", "organisation").order_by("user__full_name", "user_id", "role")
    )
    return people_of(rows)


def person(ref) -> User | None:
    """The active user `ref` names (a User or a pk), or None."""
    if ref in (None, ""):
        return None
    try:
        pk = ref.pk if hasattr(ref, "pk") else int(ref)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:  # beyond any key: not a question for the database
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def check_target(task, item, by, to, *, act: str) -> User:
    """The user `to` names, if `by` may hand the task to them; else a ValidationError on "to"
    that says why, naming nobody (any user id may be sent: a name would leak the directory).
    `act`: TRANSFER or DELEGATE (only the wording differs)."""

    verb = _("转办") if act == TRANSFER else _("委派")
    user = person(to)
    if user is None:
        raise _to_error(_("请选择%(verb)s给谁。") % {"verb": verb}, "to_required")
    if user.pk == by.pk:
        raise _to_error(_("不能%(verb)s给自己。") % {"verb": verb}, "to_self")
    if user.pk == item.submitter_id:
        raise _to_error(_("不能%(verb)s给申报人本人：申报人不能审批自己的申报。") % {"verb": verb}, "to_submitter")
    eligible = {candidate.user.pk for candidate in candidates(task, item, by)}
    if user.pk not in eligible or not visible(user, item):
        raise _to_error(
            _("所选人员不是您可以选择的人员：“%(step)s”只能%(verb)s给在同一单位担任该步骤所需角色的人员。")
            % {"step": task.flow_task.task_title, "verb": verb},
            "to_not_eligible",
        )
    return user


def _to_error(message, code) -> ValidationError:
    return ValidationError({"to": ValidationError(message, code=code)})
