"""整改通知书, one service per state change, each one transaction audited on the notice:

    issue_notice    the zone's 责任督学 → the school: a 发文 with its 文号 and PDF
                    (documents.issue_letter, type DOC_TYPE), due in N working days (core.calendar)
    report_notice   the school's head reports back (text and files)         issued/returned → reported
    accept_notice   the 督学 confirms                                        reported → accepted
    return_notice   the 督学 returns it with a reason and a new deadline    reported → returned

Reminders before the deadline and escalations after it are the default reminder policy's
(notifications.planning.schedule_deadline) under the key prefix "routine:notice:<id>:"; a report
cancels them, a return plans the next round's. Who may: rules.py (404 out of scope, 403 without
standing); an act in the wrong state is 409 and writes nothing.
"""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import calendar as workcal
from core.audit.services import record_event
from core.orgs.roles import Role
from notifications import api
from notifications.models import ReminderPolicy
from notifications.planning import schedule_deadline
from workflows.engine.documents.services import issue_letter
from workflows.engine.envelope import org_ref, pk_of, service
from workflows.engine.exceptions import InvalidState
from workflows.engine.locking import lock_row
from workflows.inspection.routine import messages, rules
from workflows.inspection.routine.files import check_files, store_files
from workflows.inspection.routine.models import (
    AWAITING_REPORT,
    NoticeReport,
    NoticeState,
    RectificationNotice,
    ReportFile,
    ReportOutcome,
    Visit,
)

DOC_TYPE = "rectification_notice"
TITLE_MAX = 200
TEXT_MAX = 3000
DAYS_MAX = 60


def _text(value, *, field: str, required: str, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("不能超过%(n)s个字。") % {"n": limit}})
    return value


def _days(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= DAYS_MAX:
        raise ValidationError({"working_days": _("整改期限须为1至%(n)s个工作日。") % {"n": DAYS_MAX}})
    return value


def _due(days: int):
    try:
        return workcal.deadline_after(timezone.now(), days)
    except workcal.CalendarYearMissing as missing:
        raise ValidationError({"working_days": _("%(year)s年的工作日历尚未录入，无法计算整改期限；请联系管理员录入。")
                               % {"year": missing.year}}) from None


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d")


def _plan_reminders(notice) -> None:
    """This round's reminders to the school's heads before its deadline, escalations after it."""
    policy = ReminderPolicy.objects.current_with_steps()
    if policy is None:
        return
    schedule_deadline(key_prefix=f"routine:notice:{notice.pk}:r{notice.round}:due:", deadline=notice.due_at,
                      policy=policy, target=notice, role=Role.SCHOOL_HEAD, organisation=notice.school,
                      owner_department=notice.zone.department,
                      params=messages.notice_params(notice), link=messages.notice_link(notice))


def _audit(notice, action, by, *, before: str = "", comment: str = "", **data):
    record_event(action=f"routine_notice_{action}", target=notice, actor=by, organisation=org_ref(notice.school_id),
                 from_status=before, to_status=notice.state, comment=comment,
                 data={"notice": notice.pk, "number": notice.document.number_text, "round": notice.round, **data})


def _visit_of(visit_ref, zone, school):
    if visit_ref in (None, ""):
        return None
    pk = pk_of(visit_ref)
    visit = Visit.objects.filter(pk=pk, school=school, zone=zone).first()
    if visit is None:
        raise ValidationError({"visit": _("所选督导记录不是本校在本责任区的记录。")})
    return visit


@service
def issue_notice(*, by, school, title, problems, requirements, working_days, visit=None) -> RectificationNotice:
    """The 责任督学 `by` issues a 整改通知书 to `school` of their zone, due in `working_days`."""
    zone, school = rules.school_of_zone(by, school)
    title = _text(title, field="title", required=_("请填写通知书标题。"), limit=TITLE_MAX)
    problems = _text(problems, field="problems", required=_("请填写存在的问题。"))
    requirements = _text(requirements, field="requirements", required=_("请填写整改要求。"))
    days = _days(working_days)
    visit = _visit_of(visit, zone, school)
    due_at = _due(days)
    opening = _("%(school)s：\n责任督学%(name)s在常态督导中发现你校存在以下问题：\n%(problems)s") % {
        "school": school.name, "name": by.full_name or by.username, "problems": problems}
    closing = _("整改要求：\n%(requirements)s\n请于%(due)s前（%(days)s个工作日内）将整改情况书面报告责任督学。") % {
        "requirements": requirements, "due": _when(due_at), "days": days}
    document = issue_letter(doc_type=DOC_TYPE, department=zone.department, by=by, title=title, opening=opening,
                            closing=closing)
    notice = RectificationNotice.objects.create(
        school=school, zone=zone, inspector=by, visit=visit, document=document, title=title, problems=problems,
        requirements=requirements, working_days=days, due_at=due_at)
    _audit(notice, "issued", by, due_at=due_at.isoformat(), working_days=days, visit=pk_of(visit) if visit else None)
    _plan_reminders(notice)
    messages.tell_school(notice, messages.NOTICE_ISSUED, "issued")
    return notice


def _locked(notice_ref, by) -> RectificationNotice:
    """The notice, once `by` may see it (404 otherwise), locked with one NOWAIT attempt (409)."""
    seen = rules.visible_notice(by, getattr(notice_ref, "pk", notice_ref))
    return lock_row(RectificationNotice, seen.pk)


def _current_report(notice) -> NoticeReport:
    return NoticeReport.objects.get(notice=notice, round=notice.round)


@service
def report_notice(*, notice, by, text, files=()) -> NoticeReport:
    """The school's head reports what was rectified (text and files), for this round."""
    notice = _locked(notice, by)
    rules.check_reporter(by, notice)
    if notice.state == NoticeState.ACCEPTED:
        raise InvalidState(_("该整改通知书的整改已确认，不能再提交整改报告。"))
    if notice.state not in AWAITING_REPORT:
        raise InvalidState(_("整改报告已提交，正在等待责任督学确认。"))
    text = _text(text, field="text", required=_("请填写整改情况。"))
    files = check_files(files, field="files")
    before, now = notice.state, timezone.now()
    report = NoticeReport.objects.create(notice=notice, round=notice.round, text=text, submitted_by=by,
                                         submitted_at=now, late=now > notice.due_at)
    stored = store_files(lambda: ReportFile(report=report, uploaded_by=by), files)
    notice.state = NoticeState.REPORTED
    notice.save(update_fields=["state"])
    api.cancel(prefix=f"routine:notice:{notice.pk}:r{notice.round}:due:")
    _audit(notice, "reported", by, before=before, report=report.pk, late=report.late, files=stored)
    messages.tell_inspector(notice, report)
    return report


def _reviewable(notice_ref, by) -> tuple[RectificationNotice, NoticeReport]:
    notice = _locked(notice_ref, by)
    rules.check_reviewer(by, notice)
    if notice.state != NoticeState.REPORTED:
        raise InvalidState(_("该整改通知书当前没有待确认的整改报告。"))
    return notice, _current_report(notice)


def _reviewed(report, by, outcome, comment) -> None:
    report.outcome, report.reviewed_by, report.reviewed_at, report.comment = outcome, by, timezone.now(), comment
    report.save(update_fields=["outcome", "reviewed_by", "reviewed_at", "comment"])


@service
def accept_notice(*, notice, by, comment: str = "") -> RectificationNotice:
    """The 责任督学 confirms the report: the rectification is done."""
    notice, report = _reviewable(notice, by)
    comment = (comment or "").strip()[:TEXT_MAX]
    _reviewed(report, by, ReportOutcome.ACCEPTED, comment)
    notice.state, notice.closed_at = NoticeState.ACCEPTED, timezone.now()
    notice.save(update_fields=["state", "closed_at"])
    _audit(notice, "accepted", by, before=NoticeState.REPORTED, comment=comment, report=report.pk)
    messages.tell_school(notice, messages.NOTICE_ACCEPTED, "accepted")
    return notice


@service
def return_notice(*, notice, by, comment, working_days=None) -> RectificationNotice:
    """The 责任督学 returns the report (a reason is required): the school reports again within
    `working_days` (default: the notice's own) from today."""
    notice, report = _reviewable(notice, by)
    comment = _text(comment, field="comment", required=_("退回时请填写退回理由。"))
    days = _days(working_days) if working_days is not None else notice.working_days
    due_at = _due(days)
    _reviewed(report, by, ReportOutcome.RETURNED, comment)
    notice.state, notice.round, notice.due_at = NoticeState.RETURNED, notice.round + 1, due_at
    notice.save(update_fields=["state", "round", "due_at"])
    _audit(notice, "returned", by, before=NoticeState.REPORTED, comment=comment, report=report.pk,
           due_at=due_at.isoformat(), working_days=days)
    _plan_reminders(notice)
    messages.tell_school(notice, messages.NOTICE_RETURNED, "returned", reason=comment)
    return notice
