"""The studio kind's rules, in one place: who may host (the programme's StudioRules, data), who may
be a member and how many, from how many schools; who acts on member changes and rates a year at
the district. Services raise these; pages and the API ask `change_refusal` / `rating_refusal`."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.orgs.models import Organisation, RoleGrant, User
from core.orgs.roles import OrgKind, Role
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.people import name_of
from workflows.studio.models import (
    HostHonour,
    HostTitle,
    MemberState,
    StudioMember,
    StudioRules,
    rank,
)

# Who works at a school, for the host and the members: a teacher (申报人) or its head.
SCHOOL_ROLES = (Role.APPLICANT, Role.SCHOOL_HEAD)
DISTRICT_ROLES = (Role.DISTRICT_REVIEWER, Role.DISTRICT_HEAD)
DEPARTMENT_ROLES = (Role.CITY_REVIEWER, Role.CITY_HEAD)


def invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code="invalid")})


def rules_of(programme) -> StudioRules:
    rules = StudioRules.objects.filter(programme=programme).first()
    if rules is None:
        raise invalid("campaign", _("该申报项目尚未设置工作室申报条件，暂不能申报。"))
    return rules


def works_at(user, school) -> bool:
    return RoleGrant.objects.active().filter(user=user, organisation=school, role__in=SCHOOL_ROLES).exists()


def check_host(*, rules: StudioRules, host, school, title: str, honour: str) -> None:
    """The host works at the endorsing school and meets the programme's condition: a title or an
    honour at least the rules' (either suffices)."""
    if not works_at(host, school):
        raise invalid("host", _("主持人%(name)s不在%(school)s任职，不能由该校推荐。")
                      % {"name": name_of(host), "school": school.name})
    if title not in HostTitle.values:
        raise invalid("host_title", _("请选择主持人职称。"))
    if honour not in HostHonour.values:
        raise invalid("host_honour", _("请选择主持人荣誉。"))
    if rank(HostTitle, title) < rank(HostTitle, rules.min_title) and \
            rank(HostHonour, honour) < rank(HostHonour, rules.min_honour):
        raise invalid("host_title", _("主持人条件不符：须具有%(title)s职称，或获得%(honour)s及以上荣誉。")
                      % {"title": rules.get_min_title_display(), "honour": rules.get_min_honour_display()})


def schools_of(people) -> dict[int, Organisation]:
    """Each person's school (where they teach or head): one query."""
    found = {}
    grants = RoleGrant.objects.active().filter(user__in=people, role__in=SCHOOL_ROLES,
                                               organisation__kind=OrgKind.SCHOOL) \
        .select_related("organisation").order_by("pk")
    for grant in grants:
        found.setdefault(grant.user_id, grant.organisation)
    return found


def in_other_studios(people, *, studio=None, renews=None) -> list:
    """The people already active in another studio (its renewal's own studio aside)."""
    rows = StudioMember.objects.filter(person__in=people, state=MemberState.ACTIVE)
    for mine in (studio, renews):
        if mine is not None:
            rows = rows.exclude(studio=mine)
    return list(rows.select_related("person"))


def check_members(*, rules: StudioRules, host, people: list, studio=None) -> dict[int, Organisation]:
    """The proposed members: a number within the rules, each once, not the host, each at a
    school, none active in another studio, from enough schools (one rural, where asked).
    Returns each member's school."""
    ids = [getattr(person, "pk", person) for person in people]
    if len(set(ids)) != len(ids):
        raise invalid("members", _("成员不能重复。"))
    if host.pk in ids:
        raise invalid("members", _("主持人不能同时作为成员。"))
    if not rules.min_members <= len(ids) <= rules.max_members:
        raise invalid("members", _("工作室成员须为%(min)s至%(max)s人，现为%(n)s人。")
                      % {"min": rules.min_members, "max": rules.max_members, "n": len(ids)})
    users = {user.pk: user for user in User.objects.filter(pk__in=ids, is_active=True)}
    if len(users) != len(ids):
        raise invalid("members", _("所选成员中有不存在或已停用的用户。"))
    schools = schools_of(ids)
    missing = [name_of(users[pk]) for pk in ids if pk not in schools]
    if missing:
        raise invalid("members", _("以下人员不是学校教职工，不能作为成员：%(names)s") % {"names": "、".join(missing)})
    taken = in_other_studios(ids, studio=studio)
    if taken:
        raise invalid("members", _("以下人员已是其他在册工作室的成员：%(names)s")
                      % {"names": "、".join(name_of(row.person) for row in taken)})
    distinct = {school.pk: school for school in schools.values()}
    if len(distinct) < rules.min_schools:
        raise invalid("members", _("成员须来自至少%(min)s所学校，现为%(n)s所。") % {"min": rules.min_schools,
                                                                            "n": len(distinct)})
    if rules.rural_required and not any(school.is_rural for school in distinct.values()):
        raise invalid("members", _("成员中须至少有一所农村学校的教师。"))
    return {pk: schools[pk] for pk in ids}


# --- Member changes and the district's rating: who acts -------------------------------------------


def _roles_at(user, organisation, roles) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and RoleGrant.objects.active().filter(
        user=user, organisation=organisation, role__in=roles).exists()


def is_school_head(user, item) -> bool:
    return _roles_at(user, item.organisation_id, (Role.SCHOOL_HEAD,))


def is_department(user, item) -> bool:
    return _roles_at(user, item.owner_department_id, DEPARTMENT_ROLES)


def is_district(user, item) -> bool:
    return _roles_at(user, item.organisation.parent_id, DISTRICT_ROLES)


def check_sees(user, item) -> None:
    from workflows.engine.access import scoped_items

    if not scoped_items(user).filter(pk=item.pk).exists():
        raise NotFound(_("未找到该工作室，或您无权查看。"))


def change_refusal(user, change) -> str:
    """Why `user` may not approve or refuse `change` now ('' if they may)."""
    from workflows.studio.models import ChangeState

    item = change.studio
    if change.state == ChangeState.SCHOOL:
        return "" if is_school_head(user, item) else _("只有工作室所在学校的负责人可以审核此变更。")
    if change.state == ChangeState.DEPARTMENT:
        return "" if is_department(user, item) else _("只有主管处室可以审核此变更。")
    return _("该成员变更已办结。")


def check_change(user, change) -> None:
    refusal = change_refusal(user, change)
    if refusal:
        raise NotAllowed(refusal)


def heads_of(organisation_id) -> list:
    """The heads of a school: who approve its studio's member changes."""
    return [grant.user for grant in RoleGrant.objects.active().filter(
        organisation_id=organisation_id, role=Role.SCHOOL_HEAD).select_related("user")]


def department_of(item) -> list:
    """The owning department's reviewers and heads."""
    return [grant.user for grant in RoleGrant.objects.active().filter(
        organisation_id=item.owner_department_id, role__in=DEPARTMENT_ROLES).select_related("user")]
