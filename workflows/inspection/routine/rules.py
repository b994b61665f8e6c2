"""Who may do and see what in 常态督导, each written once here (services check it, pages and the API
ask it, so what a page offers is what the service accepts).

- 督导室 (the department whose code is SUPERVISION_CODE: its 审核员 and 负责人) manages the zones and
  sees every zone's schools, visits and notices (`managed_departments`).
- A 责任督学 (holding 督学 and named on a zone) records visits and issues 整改通知书 only for the
  schools of their own zone, and confirms or returns their reports (`zone_of`).
- A school's head sees its visits and notices and files the 整改报告 (`school_heads_at`).

A school's records are out of scope (404) for anyone else, another zone's 督学 included; one who
sees them without the standing for an act (a school head recording a visit) is refused (403).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.inspection.routine.models import (
    AWAITING_REPORT,
    NoticeState,
    RectificationNotice,
    Visit,
    Zone,
    ZoneSchool,
)

# The 督导室's code in the organisation tree (core/orgs/demo_data.py DEPARTMENTS).
SUPERVISION_CODE = "supervision"
MANAGER_ROLES = (Role.CITY_REVIEWER, Role.CITY_HEAD)


def signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def managed_departments(user) -> list[int]:
    """The 督导室 departments where `user` is a reviewer or head (in practice one, or none)."""
    if not signed_in(user):
        return []
    return list(RoleGrant.objects.active().filter(
        user=user, role__in=MANAGER_ROLES, organisation__kind=OrgKind.DEPARTMENT,
        organisation__code=SUPERVISION_CODE).values_list("organisation_id", flat=True))


def is_manager(user) -> bool:
    return bool(managed_departments(user))


def check_manager(user) -> int:
    """The 督导室 `user` acts for; NotAllowed to anyone else signed in."""
    departments = managed_departments(user)
    if not departments:
        raise NotAllowed(_("只有督导室的工作人员可以管理督学责任区。"))
    return departments[0]


def supervision_department() -> Organisation | None:
    return Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code=SUPERVISION_CODE, is_active=True).first()


def is_inspector(user) -> bool:
    return signed_in(user) and RoleGrant.objects.active().filter(user=user, role=Role.INSPECTOR).exists()


def zone_of(user) -> Zone | None:
    """The zone `user` is the 责任督学 of, while they hold the 督学 role; else None."""
    if not signed_in(user):
        return None
    zone = Zone.objects.filter(inspector=user).first()
    return zone if zone is not None and is_inspector(user) else None


def school_heads_at(user) -> list[int]:
    """The schools where `user` is the head (学校负责人)."""
    if not signed_in(user):
        return []
    return list(RoleGrant.objects.active().filter(user=user, role=Role.SCHOOL_HEAD,
                                                  organisation__kind=OrgKind.SCHOOL)
                .values_list("organisation_id", flat=True))


def heads_of(school_id) -> list:
    """The people who hold 学校负责人 at the school now (they receive its notices)."""
    grants = RoleGrant.objects.active().filter(organisation_id=school_id, role=Role.SCHOOL_HEAD,
                                               user__is_active=True).select_related("user").order_by("user_id")
    return [grant.user for grant in grants]


def visible_school_ids(user):
    """The schools whose routine records `user` sees (a queryset of ids, or a list)."""
    if not signed_in(user):
        return []
    if is_manager(user):
        return Organisation.objects.filter(kind=OrgKind.SCHOOL).values("pk")
    zone = zone_of(user)
    own = ZoneSchool.objects.filter(zone=zone).values_list("school_id", flat=True) if zone else []
    return list(own) + school_heads_at(user)


def visible_visits(user, queryset=None):
    queryset = Visit.objects.all() if queryset is None else queryset
    if not signed_in(user):
        return queryset.none()
    return queryset.filter(Q(school_id__in=visible_school_ids(user)) | Q(inspector=user))


def visible_notices(user, queryset=None):
    queryset = RectificationNotice.objects.all() if queryset is None else queryset
    if not signed_in(user):
        return queryset.none()
    return queryset.filter(Q(school_id__in=visible_school_ids(user)) | Q(inspector=user))


def visible_visit(user, pk) -> Visit:
    found = visible_visits(user, Visit.objects.filter(pk=pk)).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound(_("未找到该督导记录，或您无权查看。"))
    return found


def visible_notice(user, pk) -> RectificationNotice:
    found = visible_notices(user, RectificationNotice.objects.filter(pk=pk)).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound(_("未找到该整改通知书，或您无权查看。"))
    return found


def school_of_zone(user, school_ref) -> tuple[Zone, Organisation]:
    """(zone, school) for a 责任督学 acting on a school of their own zone. 404 when the school is
    not one whose records `user` sees (another zone's school); 403 to one who sees it but is not
    its 责任督学 (its head, the 督导室)."""
    pk = getattr(school_ref, "pk", school_ref)
    school = Organisation.objects.filter(pk=pk, kind=OrgKind.SCHOOL).first() if str(pk).isdigit() else None
    zone = zone_of(user)
    if school is not None and zone is not None and ZoneSchool.objects.filter(zone=zone, school=school).exists():
        return zone, school
    seen = school is not None and (is_manager(user) or school.pk in school_heads_at(user))
    if not seen:
        raise NotFound(_("未找到该学校，或该学校不在您的责任区内。"))
    raise NotAllowed(_("只有该校的责任督学可以记录督导和发出整改通知书。"))


def check_reporter(user, notice) -> None:
    """The school's head files the 整改报告; anyone else who sees the notice is refused (403)."""
    if notice.school_id not in school_heads_at(user):
        raise NotAllowed(_("只有被督导学校的负责人可以提交整改报告。"))


def check_reviewer(user, notice) -> None:
    """The zone's 责任督学 (now) accepts or returns a report."""
    zone = zone_of(user)
    if zone is None or zone.pk != notice.zone_id:
        raise NotAllowed(_("只有该校的责任督学可以确认或退回整改报告。"))


def may(user, notice) -> dict:
    """What `user` may do with `notice` now, for pages and the API (the services re-check)."""
    zone = zone_of(user)
    reviewer = zone is not None and zone.pk == notice.zone_id
    return {"report": notice.state in AWAITING_REPORT and notice.school_id in school_heads_at(user),
            "review": notice.state == NoticeState.REPORTED and reviewer}
