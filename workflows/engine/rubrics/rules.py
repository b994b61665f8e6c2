"""Who may see and edit a rubric: the staff of its owning department (市局处室审核员、负责人、文书
held there), nobody else: not another department, not a district, not a school, not an expert. A
scoring step reads a rubric through its own rules (it is the step's), not through these.

Out of scope is 404 (we do not confirm that a rubric exists). Every page, API endpoint and service
asks here.
"""

from django.utils.translation import gettext as _

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import DEPARTMENT_ROLES, OrgKind
from workflows.engine.exceptions import NotFound
from workflows.engine.rubrics.models import Rubric


def staff_departments(user):
    """The departments whose rubrics `user` manages, as a queryset (empty for anonymous users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    held = RoleGrant.objects.active().filter(user=user, role__in=DEPARTMENT_ROLES).values("organisation_id")
    return Organisation.objects.filter(pk__in=held, kind=OrgKind.DEPARTMENT, is_active=True)


def manageable(user):
    """The rubrics `user` may see and edit."""
    return Rubric.objects.filter(department__in=staff_departments(user))


def may_manage_department(user, department) -> bool:
    return department is not None and staff_departments(user).filter(pk=department.pk).exists()


def check_department(user, department) -> None:
    """Raise NotFound unless `user` is staff of `department` (where a new rubric goes)."""
    if not may_manage_department(user, department):
        raise NotFound(_not_found())


def rubric_for(user, rubric_ref, *, queryset=None) -> Rubric:
    """The rubric if `user` may manage it, else NotFound (also when it does not exist)."""
    pk = getattr(rubric_ref, "pk", rubric_ref)
    try:
        return (queryset if queryset is not None else manageable(user)).get(pk=pk)
    except (Rubric.DoesNotExist, ValueError, TypeError):
        raise NotFound(_not_found()) from None


def _not_found():
    return _("未找到该评分指标，或您无权查看。")
