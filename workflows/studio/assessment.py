"""A studio's 年度考核: the host files the year's plan, summary and activity records (the tenure's
`file_report`, with the studio's extras beside it); the district rates it first, then the city
rates it (the tenure's `rate_report`, whose terms revoke at the second 不合格, with its 文号). A
first 不合格 is a warning to the host and the school's head."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from notifications import api
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotAllowed
from workflows.engine.notify import item_link
from workflows.engine.tenure import rules as tenure_rules
from workflows.engine.tenure.models import AnnualReport, Rating, TenureState
from workflows.engine.tenure.reports import file_report, rate_report
from workflows.studio import message_kinds, rules
from workflows.studio.models import Activity, ActivityKind, AnnualExtra

ACTIVITIES_MAX = 200


def _activities(activities) -> list[Activity]:
    rows = []
    if not isinstance(activities, list) or len(activities) > ACTIVITIES_MAX:
        raise rules.invalid("activities", _("活动记录格式不正确。"))
    for entry in activities:
        kind, title = entry.get("kind"), (entry.get("title") or "").strip()
        try:
            held_on = entry["held_on"] if isinstance(entry.get("held_on"), datetime.date) \
                else datetime.date.fromisoformat(str(entry.get("held_on")))
        except ValueError:
            raise rules.invalid("activities", _("请填写活动日期，如 2022-05-10。")) from None
        if kind not in ActivityKind.values or not title:
            raise rules.invalid("activities", _("每条活动记录须有类别（公开课、听评课、课题、成果）和名称。"))
        rows.append(Activity(kind=kind, title=title[:200], held_on=held_on))
    return rows


@service
def file_annual_report(*, tenure, by, plan: str, summary: str, activities=(), on=None) -> AnnualReport:
    """The host's (or the school head's) year: plan, summary, activities. A revoked or expired
    studio is refused by the tenure's own rule (409), nothing written."""
    plan = (plan or "").strip()
    if not plan:
        raise rules.invalid("plan", _("请填写年度计划。"))
    rows = _activities(list(activities))
    report = file_report(tenure=tenure, by=by, summary=summary, on=on)
    extra = AnnualExtra.objects.create(report=report, plan=plan)
    for row in rows:
        row.report = extra
    Activity.objects.bulk_create(rows)
    return report


def _report(by, report):
    report = tenure_rules.report_for(by, pk_of(report))
    extra = AnnualExtra.objects.filter(report=report).first()
    if extra is None:
        raise InvalidState(_("该年度考核不是工作室的年度考核。"))
    return report, extra


@service
def district_rate(*, report, by, rating: str, note: str = "") -> AnnualReport:
    """The district's rating, before the city's: its reviewers and heads, once."""
    report, extra = _report(by, report)
    item = report.tenure.item
    if not rules.is_district(by, item):
        raise NotAllowed(_("只有工作室所在区县可以进行区县考核。"))
    tenure_rules.check_active(report.tenure)
    if rating not in Rating.values:
        raise rules.invalid("rating", _("请选择考核结果：优秀、合格或不合格。"))
    note = (note or "").strip()
    if rating == Rating.FAIL and not note:
        raise rules.invalid("note", _("评为不合格必须填写考核意见。"))
    extra = AnnualExtra.objects.select_for_update(nowait=True).get(pk=extra.pk)
    if extra.district_rating:
        raise InvalidState(_("区县已考核为“%(rating)s”。") % {"rating": Rating(extra.district_rating).label})
    extra.district_rating, extra.district_note, extra.district_by, extra.district_at = rating, note, by, timezone.now()
    extra.save(update_fields=["district_rating", "district_note", "district_by", "district_at"])
    record_event(action="studio_district_rated", target=item, actor=by, organisation=item.organisation.parent,
                 from_status=item.status, to_status=item.status, comment=note,
                 data={"report": report.pk, "year": report.year, "rating": rating})
    return report


@service
def city_rate(*, report, by, rating: str, note: str = "", on=None) -> AnnualReport:
    """The city's rating after the district's (the tenure's rate_report: a second 不合格 revokes
    with a 文号). A first 不合格 warns the host and the school's head."""
    found, extra = _report(by, report)
    if not extra.district_rating:
        raise InvalidState(_("区县尚未考核，市局不能考核。"))
    report = rate_report(report=found, by=by, rating=rating, note=note, on=on)
    tenure = report.tenure
    tenure.refresh_from_db()
    if rating == Rating.FAIL and tenure.state == TenureState.ACTIVE:
        _warn(tenure, report)
    return report


def _warn(tenure, report) -> None:
    item = tenure.item
    heads = RoleGrant.objects.active().filter(organisation=item.organisation_id, role=Role.SCHOOL_HEAD) \
        .select_related("user")
    people = {item.submitter_id: item.submitter, **{grant.user_id: grant.user for grant in heads}}
    api.notify_many(
        recipients={f"studio:{tenure.pk}:warning:{report.year}:{pk}": user for pk, user in people.items()},
        kind=message_kinds.STUDIO_WARNING, target=item, link=item_link(item),
        params={"item": item.pk, "ref_no": item.ref_no, "title": item.title, "year": report.year,
                "note": report.rating_note})
