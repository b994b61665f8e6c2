"""The city's acts on a case after the visit: the numbered 督导意见书 (findings and required
rectifications, a 发文 of the document type `inspection_opinion`), the 复查 of a rectification
report (accepted → closed; not accepted → back to rectification with a new deadline, and the
target's district head told), and a 复查 of the conclusion the target may ask for within 15 days
of the 意见书."""


from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from notifications.api import notify
from workflows.engine import services as engine
from workflows.engine.deadlines.services import move_deadline
from workflows.engine.documents.services import issue_document
from workflows.engine.envelope import open_task, service
from workflows.engine.exceptions import InvalidState
from workflows.engine.locking import lock_row
from workflows.engine.models import Item
from workflows.engine.notify import item_link
from workflows.inspection import rules
from workflows.inspection.case_models import CaseDetails, Finding, ReexaminationRequest, RectificationReport
from workflows.inspection.flows import InspectionFlow
from workflows.inspection.message_kinds import RECTIFICATION_REJECTED
from workflows.inspection.selectors import REEXAMINATION_DAYS, open_case_task, reexamination_open_until
from workflows.inspection.services.checks import task_at

OPINION_TYPE = "inspection_opinion"


def _findings_text(case, details) -> str:
    lines = [_("总体评价：%(rating)s。%(summary)s") % {"rating": details.get_rating_display(),
                                                   "summary": details.rating_summary}]
    for finding in Finding.objects.filter(case=case).select_related("indicator", "member").order_by(
            "indicator__order", "indicator__pk", "pk"):
        lines.append(f"{finding.indicator.code} {finding.indicator.name}：{finding.text}")
    return "\n".join(lines)


@service
def issue_opinion(*, task, by, rectifications: str):
    """印发督导意见书: the document (its 文号, the findings, the required rectifications; PDF after
    commit) and the step passed on to the target's 整改方案."""
    task_at(task, InspectionFlow.opinion, _("此待办不是印发督导意见书环节。"))
    _task, case = open_task(task, by)
    text = (rectifications or "").strip()
    if not text:
        raise ValidationError({"rectifications": ValidationError(_("请填写整改要求。"), code="required")})
    details = CaseDetails.objects.get(item=case)
    document = issue_document(
        doc_type=OPINION_TYPE, items=[case], by=by, title=_("关于%(target)s的督导意见书") % {"target": case.organisation},
        opening=_findings_text(case, details), closing=_("整改要求：%(text)s") % {"text": text})
    details.opinion, details.rectifications = document, text
    details.save(update_fields=["opinion", "rectifications"])
    return engine.approve_task(task=task, by=by, comment=_("已印发督导意见书%(number)s。") % {"number": document.number_text})


@service
def review_rectification(*, task, by, accepted: bool, comment: str = "", due_at=None):
    """复查: accepted closes the case; not accepted returns it to 整改报告 with a new deadline
    (`due_at`, else the step's own limit again) and tells the target's district head."""
    task_at(task, InspectionFlow.review, _("此待办不是复查环节。"))
    _task, case = open_task(task, by)
    report = RectificationReport.objects.filter(case=case).order_by("-round").first()
    comment = (comment or "").strip()
    if not accepted and not comment:
        raise ValidationError({"comment": ValidationError(_("复查不通过时必须写明复查意见。"), code="required")})
    report.accepted, report.review_comment = bool(accepted), comment
    report.save(update_fields=["accepted", "review_comment"])
    if accepted:
        return engine.approve_task(task=task, by=by, comment=comment or _("复查通过。"))
    decision = engine.return_task(task=task, by=by, to="rectification_report", comment=comment)
    reopened = open_case_task(case)
    if due_at is not None:
        move_deadline(task=reopened, due_at=due_at, by=by, reason=_("复查未通过，重新整改。"))
    district = case.organisation.district()
    if district is not None and district.head_id:
        notify(key=f"inspection:{case.pk}:rectification:{report.round}:rejected", recipient=district.head,
               kind=RECTIFICATION_REJECTED, target=case, link=item_link(case),
               params={"title": case.title, "ref_no": case.ref_no, "round": report.round, "comment": comment})
    return decision


@service
def request_reexamination(*, case, by, reason: str) -> ReexaminationRequest:
    """申请复查结论: the target, within 15 days of the 意见书, once."""
    case = lock_row(Item, getattr(case, "pk", case)).as_kind()
    rules.check_target_filer(by, case)
    details = CaseDetails.objects.select_related("opinion").get(item=case)
    until = reexamination_open_until(details)
    if until is None:
        raise InvalidState(_("督导意见书印发后才能申请复查结论。"))
    if timezone.localdate() > until:
        raise InvalidState(_("申请复查须在督导意见书印发之日起%(days)d日内提出（截至%(until)s）。")
                           % {"days": REEXAMINATION_DAYS, "until": until.isoformat()})
    if ReexaminationRequest.objects.filter(case=case).exists():
        raise InvalidState(_("已申请过复查结论。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("请写明申请复查的理由。"), code="required")})
    request = ReexaminationRequest.objects.create(case=case, reason=reason, requested_by=by)
    record_event(action="inspection_reexam_requested", target=case, actor=by, organisation=case.organisation,
                 data={"reason": reason})
    return request


@service
def answer_reexamination(*, case, by, outcome: str) -> ReexaminationRequest:
    """The 督导室's answer to a request for a 复查 of the conclusion."""
    case = lock_row(Item, getattr(case, "pk", case)).as_kind()
    rules.check_case_manager(by, case)
    request = ReexaminationRequest.objects.filter(case=case, answered_at__isnull=True).first()
    if request is None:
        raise InvalidState(_("没有待答复的复查申请。"))
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": ValidationError(_("请填写复查结论。"), code="required")})
    request.outcome, request.answered_by, request.answered_at = outcome, by, timezone.now()
    request.save(update_fields=["outcome", "answered_by", "answered_at"])
    record_event(action="inspection_reexam_answered", target=case, actor=by, organisation=case.owner_department,
                 data={"outcome": outcome})
    return request
