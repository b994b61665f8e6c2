"""The roles of DOMAIN.md and the kind of organisation each is held at.

Roles are code, not data: flows and the scoping function name them. Which person holds which role
where is data (RoleGrant).
"""

from django.db import models
from django.utils.translation import gettext, gettext_lazy as _


class OrgKind(models.TextChoices):
    BUREAU = "bureau", _("市教育局")
    DEPARTMENT = "department", _("处室")
    DISTRICT = "district", _("区县")
    SCHOOL = "school", _("学校")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报人")
    SCHOOL_HEAD = "school_head", _("学校负责人")
    DISTRICT_STAFF = "district_staff", _("区县经办人")
    DISTRICT_REVIEWER = "district_reviewer", _("区县审核员")
    DISTRICT_HEAD = "district_head", _("区县负责人")
    CITY_REVIEWER = "city_reviewer", _("市局处室审核员")
    CITY_HEAD = "city_head", _("市局处室负责人")
    OFFICE_CLERK = "office_clerk", _("办公室文书")
    EXPERT = "expert", _("评审专家")
    INSPECTOR = "inspector", _("督学")
    ADMIN = "admin", _("系统管理员")


def role_at(organisation, role: str) -> str:
    """A role held at an organisation, in words ("和平区的区县审核员"): the one way every page,
    list, message and API answer names a queue or a person's post."""
    if not organisation:
        return str(Role(role).label)
    return gettext("%(org)s的%(role)s") % {"org": organisation, "role": Role(role).label}


ANY_KIND = frozenset(OrgKind.values)

# The code of the bureau's 办公室, the one department where office_clerk is held (it keeps the
# document-number register).
OFFICE_CODE = "office"

# Where each role may be held. Experts and inspectors are held at their home organisation,
# whatever its kind, so that 回避 (recusal) can compare it with the item's.
ROLE_ORG_KINDS: dict[str, frozenset[str]] = {
    Role.APPLICANT: frozenset({OrgKind.SCHOOL}),
    Role.SCHOOL_HEAD: frozenset({OrgKind.SCHOOL}),
    Role.DISTRICT_STAFF: frozenset({OrgKind.DISTRICT}),
    Role.DISTRICT_REVIEWER: frozenset({OrgKind.DISTRICT}),
    Role.DISTRICT_HEAD: frozenset({OrgKind.DISTRICT}),
    Role.CITY_REVIEWER: frozenset({OrgKind.DEPARTMENT}),
    Role.CITY_HEAD: frozenset({OrgKind.DEPARTMENT}),
    Role.OFFICE_CLERK: frozenset({OrgKind.DEPARTMENT}),
    Role.EXPERT: ANY_KIND,
    Role.INSPECTOR: ANY_KIND,
    Role.ADMIN: frozenset({OrgKind.BUREAU}),
}

# Roles that see everything in the subtree of the organisation they are held at.
SUBTREE_ROLES = frozenset(
    {Role.SCHOOL_HEAD, Role.DISTRICT_STAFF, Role.DISTRICT_REVIEWER, Role.DISTRICT_HEAD}
)
# City department roles see the whole city's items that their department owns.
DEPARTMENT_ROLES = frozenset({Role.CITY_REVIEWER, Role.CITY_HEAD, Role.OFFICE_CLERK})
# Applicants, experts and inspectors see only what they take part in (participation).
PARTICIPATION_ONLY_ROLES = frozenset({Role.APPLICANT, Role.EXPERT, Role.INSPECTOR})
# The system administrator sees everything (accounts and configuration), as a superuser does.
SEE_ALL_ROLES = frozenset({Role.ADMIN})
# Roles whose reach ends at the school they are held at. A school head may reset the password of
# someone who holds only these there (a reset hands the head that person's sign-in).
SCHOOL_ROLES = frozenset({Role.APPLICANT, Role.SCHOOL_HEAD})
# Roles that review or run others' items: their home page leads with the queues (可领取, 延期,
# 事项查询, 统计). A teacher or school head sees their own applications first.
REVIEWING_ROLES = frozenset(
    {Role.DISTRICT_STAFF, Role.DISTRICT_REVIEWER, Role.DISTRICT_HEAD, Role.CITY_REVIEWER, Role.CITY_HEAD,
     Role.OFFICE_CLERK, Role.ADMIN}
)
# Roles by which one colleague may stand in for another (委托): a proxy must hold one of these
# where the principal holds it. Experts and inspectors are not among them: their organisation is a
# home for recusal, and they are named to a panel or team one by one, not as a role.
PROXY_ROLES = frozenset(Role.values) - {Role.EXPERT, Role.INSPECTOR}


def is_system_admin(user) -> bool:
    """Signed in, active, and a superuser or holding 系统管理员: who may change what the whole city
    shares (the working-day calendar, the schools and people imported from Excel)."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_role(Role.ADMIN)
