"""Who may do what in the inspection kind, in one place: services call these first; pages and the
API ask the same functions what to offer. Seeing a case or a plan is the engine's scoping
(workflows.engine.access.scoped_items: the 督导室 sees its plans' cases, a district its own and
its schools', a team member the cases they are on)."""

from django.utils.translation import gettext as _

from core.orgs.roles import Role
from workflows.engine.access import scoped_items
from workflows.engine.assignment import holds
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.models import Item

PLANNERS = (Role.CITY_REVIEWER, Role.CITY_HEAD)


def may_plan(user, department) -> bool:
    return user.is_authenticated and any(holds(user.pk, role, department) for role in PLANNERS)


def check_planner(user, department) -> None:
    """The 督导室's reviewers and heads create, dispatch and follow its plans (403 otherwise)."""
    if not may_plan(user, department):
        raise NotAllowed(_("只有督导室的审核员或负责人可以制定和下发督导计划。"))


def visible(user, pk, *, kind: str) -> Item:
    """The item `pk` of `kind` if `user` may see it (404 otherwise, whether or not it exists)."""
    item = scoped_items(user, Item.objects.filter(pk=pk, kind=kind)).select_related(
        "organisation", "owner_department").first()
    if item is None:
        raise NotFound()
    return item.as_kind()


def check_case_manager(user, case) -> None:
    """The owning department's reviewers and heads form the team, issue the 意见书, answer a 复查."""
    if not may_plan(user, case.owner_department):
        raise NotAllowed(_("只有督导室的审核员或负责人可以办理此事项。"))


def check_target_filer(user, case) -> None:
    """The target's filer (a district's staff, a school's head) asks for a 复查 of the conclusion."""
    from workflows.inspection.flows import TARGET

    if not holds(user.pk, TARGET.role_on(case), case.organisation):
        raise NotAllowed(_("只有督导对象的经办人可以申请复查。"))
