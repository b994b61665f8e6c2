"""The team (督导组) and the visit's records: the city forms the team of at least three 督学 with a
leader, none at home in the inspected district (回避); `propose_team` offers the least loaded
across the plan. Members record findings per indicator; the leader gives the overall rating."""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.models import RoleGrant, User
from core.orgs.roles import Role
from workflows.engine import assignment
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotAllowed
from workflows.engine.locking import lock_row
from workflows.engine.models import Item
from workflows.inspection import rules
from workflows.inspection.case_models import CaseDetails, Finding, InspectionCase, Rating, TeamMember
from workflows.inspection.services.checks import indicator_of, score_on

MIN_TEAM = 3
TEAM_MEMBER = assignment.ParticipationReason.TEAM_MEMBER


def _district_path(case) -> str:
    district = case.organisation.district()
    return district.path if district else case.organisation.path


def candidates(case) -> list[User]:
    """The 督学 who may join the case's team: active, none at home in the inspected district,
    the fewest seats on this plan's teams first (then by name)."""
    plan_id = CaseDetails.objects.filter(item=case).values_list("plan_id", flat=True).get()
    inside = RoleGrant.objects.active().filter(role=Role.INSPECTOR, organisation__path__startswith=_district_path(case))
    users = (User.objects.filter(is_active=True, role_grants__in=RoleGrant.objects.active().filter(role=Role.INSPECTOR))
             .exclude(pk__in=inside.values("user_id")).distinct())
    loads = dict(TeamMember.objects.filter(case__inspection_case__plan_id=plan_id).values("user_id")
                 .annotate(n=Count("pk")).values_list("user_id", "n"))
    return sorted(users, key=lambda user: (loads.get(user.pk, 0), user.username))


def propose_team(case, size: int = MIN_TEAM) -> list[User]:
    """The `size` least-loaded candidates: what the form proposes (the first as leader)."""
    return candidates(case)[:size]


def _case(case) -> InspectionCase:
    return lock_row(Item, pk_of(case)).as_kind()


@service
def form_team(*, case, by, members, leader):
    """组建督导组 on a case at its visit: refused (nothing written) for fewer than three, a 督学
    at home in the inspected district, someone who is no 督学, a leader not among them, a second team."""
    case = _case(case)
    rules.check_case_manager(by, case)
    if case.status != InspectionCase.Status.VISIT:
        raise InvalidState(_("只有进校督导环节可以组建督导组。"))
    if TeamMember.objects.filter(case=case).exists():
        raise InvalidState(_("此案件已组建督导组。"))
    member_ids = list(dict.fromkeys(pk_of(member) for member in members))
    if len(member_ids) < MIN_TEAM:
        raise ValidationError({"members": ValidationError(
            _("督导组至少需要%(n)d名督学。") % {"n": MIN_TEAM}, code="too_few")})
    users = {user.pk: user for user in User.objects.filter(pk__in=member_ids)}
    inspectors = set(RoleGrant.objects.active().filter(role=Role.INSPECTOR, user_id__in=member_ids)
                     .values_list("user_id", flat=True))
    not_inspectors = [users[pk] for pk in member_ids if pk not in inspectors or pk not in users]
    if not_inspectors:
        raise ValidationError({"members": ValidationError(
            _("%(names)s不是督学，不能加入督导组。") % {"names": "、".join(map(str, not_inspectors))}, code="not_inspector")})
    inside = set(RoleGrant.objects.active().filter(role=Role.INSPECTOR, user_id__in=member_ids,
                                                   organisation__path__startswith=_district_path(case))
                 .values_list("user_id", flat=True))
    if inside:
        raise ValidationError({"members": ValidationError(
            _("%(names)s来自被督导区县，须回避。") % {"names": "、".join(str(users[pk]) for pk in sorted(inside))},
            code="recusal")})
    leader_id = pk_of(leader)
    if leader_id not in member_ids:
        raise ValidationError({"leader": ValidationError(_("组长须是督导组成员。"), code="leader")})
    TeamMember.objects.bulk_create([TeamMember(case=case, user_id=pk, is_leader=pk == leader_id) for pk in member_ids])
    assignment.add_participants(users=[users[pk] for pk in member_ids], item=case, reason=TEAM_MEMBER)
    record_event(action="inspection_team_formed", target=case, actor=by, organisation=case.owner_department,
                 data={"members": member_ids, "leader": leader_id})
    return list(TeamMember.objects.filter(case=case).select_related("user").order_by("-is_leader", "pk"))


def _member(case, by) -> TeamMember:
    member = TeamMember.objects.filter(case=case, user=by).first()
    if member is None:
        raise NotAllowed(_("只有督导组成员可以记录督导发现。"))
    if case.status != InspectionCase.Status.VISIT:
        raise InvalidState(_("进校督导环节已结束，不能再记录。"))
    return member


@service
def record_finding(*, case, by, indicator: str, text: str, score=None, evidence: str = "") -> Finding:
    """A member's finding on one indicator of the plan (again: it replaces their earlier one)."""
    case = _case(case)
    _member(case, by)
    found = indicator_of(case, indicator)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ValidationError(_("请填写督导发现。"), code="required")})
    value = score_on(found, score) if score not in (None, "") else None
    finding, _created = Finding.objects.update_or_create(
        case=case, indicator=found, member=by,
        defaults={"text": text, "score": value, "evidence": (evidence or "").strip()})
    record_event(action="inspection_finding", target=case, actor=by, organisation=case.owner_department,
                 data={"indicator": found.code, "score": str(value) if value is not None else None})
    return finding


@service
def give_rating(*, case, by, rating: str, summary: str = "") -> CaseDetails:
    """The leader's overall rating (总体评价), which the visit's 通过 waits for."""
    case = _case(case)
    member = _member(case, by)
    if not member.is_leader:
        raise NotAllowed(_("只有督导组组长可以给出总体评价。"))
    if rating not in Rating.values:
        raise ValidationError({"rating": ValidationError(_("请选择总体评价。"), code="invalid")})
    details = CaseDetails.objects.get(item=case)
    details.rating, details.rating_summary, details.rated_by = rating, (summary or "").strip(), by
    details.save(update_fields=["rating", "rating_summary", "rated_by"])
    record_event(action="inspection_rated", target=case, actor=by, organisation=case.owner_department,
                 data={"rating": rating})
    return details
