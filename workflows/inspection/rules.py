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
from workflows.inspection.assignment import TARGET
from workflows.inspection.case_models import CaseDetails, ReexaminationRequest, TeamMember
from workflows.inspection.selectors import open_case_task, reexamination_open_until

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
    if not holds(user.pk, TARGET.role_on(case), case.organisation):
        raise NotAllowed(_("只有督导对象的经办人可以申请复查。"))


# The case's open step → the act its target files there (workflows.inspection.web.acts).
TARGET_ACTS = {"self_assessment": "self-assessment", "feedback": "answer", "rectification_plan": "rectification-plan",
               "rectification_report": "rectification-report"}
MANAGER_ACTS = {"opinion": "opinion", "review": "review"}


def offered_acts(user, case) -> list[str]:
    """The acts `user` may take on `case` now, as the pages name them: the same conditions the
    services check (they refuse anything else)."""
    task = open_case_task(case)
    step = task.flow_task.name if task is not None else ""
    filer = holds(user.pk, TARGET.role_on(case), case.organisation)
    manager = may_plan(user, case.owner_department)
    found = []
    if filer and step in TARGET_ACTS:
        found.append(TARGET_ACTS[step])
    if manager and step in MANAGER_ACTS:
        found.append(MANAGER_ACTS[step])
    if step == "visit":
        members = {m.user_id: m.is_leader for m in TeamMember.objects.filter(case=case)}
        if manager and not members:
            found.append("team")
        if user.pk in members:
            found.append("finding")
            if members[user.pk]:
                found.append("rating")
    details = CaseDetails.objects.select_related("opinion").filter(item=case).first()
    request = ReexaminationRequest.objects.filter(case=case).first()
    until = reexamination_open_until(details) if details else None
    if filer and until is not None and request is None:
        from django.utils import timezone

        if timezone.localdate() <= until:
            found.append("reexamination")
    if manager and request is not None and request.answered_at is None:
        found.append("reexamination-answer")
    return found
