"""What the target files on its case (a district's staff, a school's head): the self-assessment
(自评, a score and evidence per indicator), its answer to the team's findings (申辩), the
rectification plan (整改方案) and each round's rectification report (整改报告). Each is the engine's
file_report on the case's Report step (fanout.step), with the kind's rows written in the same
transaction."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine.envelope import open_task, service
from workflows.engine.fanout.step import file_report
from workflows.inspection.case_models import CaseDetails, RectificationReport, SelfScore
from workflows.inspection.flows import InspectionFlow
from workflows.inspection.selectors import plan_indicators
from workflows.inspection.services.checks import score_on, task_at


def _required_text(value, field, message) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(message, code="required")})
    return text


@service
def file_self_assessment(*, task, by, scores: dict, comment: str = "", attachments=()):
    """自评: `scores` = {indicator code: {"score": n, "evidence": text}} for every indicator of the
    plan; the evidence files go with the filing (attachments)."""
    task_at(task, InspectionFlow.self_assessment, _("此待办不是自评环节。"))
    _task, case = open_task(task, by)
    indicators = plan_indicators(case)
    unknown = sorted(set(scores) - set(indicators))
    if unknown:
        raise ValidationError({"scores": ValidationError(
            _("指标“%(code)s”不在本督导计划的指标中。") % {"code": "、".join(unknown)}, code="unknown_indicator")})
    missing = [code for code in indicators if code not in scores]
    if missing:
        raise ValidationError({"scores": ValidationError(
            _("请为每项指标自评打分，尚缺：%(codes)s。") % {"codes": "、".join(missing)}, code="missing")})
    rows = [SelfScore(case=case, indicator=indicators[code],
                      score=score_on(indicators[code], (scores[code] or {}).get("score"), field="scores"),
                      evidence=((scores[code] or {}).get("evidence") or "").strip())
            for code in indicators]

    def apply_changes(item):
        SelfScore.objects.filter(case=item).delete()
        SelfScore.objects.bulk_create(rows)
        CaseDetails.objects.filter(item=item).update(self_assessed_at=timezone.now())

    return file_report(task=task, by=by, comment=comment, attachments=attachments, apply_changes=apply_changes)


@service
def answer_findings(*, task, by, answer: str = "", attachments=()):
    """反馈与申辩: the target accepts the team's findings (no answer) or answers them (申辩)."""
    task_at(task, InspectionFlow.feedback, _("此待办不是反馈与申辩环节。"))
    text = (answer or "").strip()

    def apply_changes(item):
        CaseDetails.objects.filter(item=item).update(answer=text)

    return file_report(task=task, by=by, comment=text, attachments=attachments, apply_changes=apply_changes)


@service
def file_rectification_plan(*, task, by, plan: str, attachments=()):
    """整改方案, within its working days of the 意见书."""
    task_at(task, InspectionFlow.rectification_plan, _("此待办不是整改方案环节。"))
    text = _required_text(plan, "plan", _("请填写整改方案。"))

    def apply_changes(item):
        CaseDetails.objects.filter(item=item).update(rectification_plan=text)

    return file_report(task=task, by=by, comment=text, attachments=attachments, apply_changes=apply_changes)


@service
def file_rectification_report(*, task, by, report: str, attachments=()):
    """整改报告 of this round (after the plan; again after a 复查 that did not accept it)."""
    task_at(task, InspectionFlow.rectification_report, _("请先提交整改方案，再提交整改报告。"))
    text = _required_text(report, "report", _("请填写整改报告。"))

    def apply_changes(item):
        rounds = RectificationReport.objects.filter(case=item).count()
        RectificationReport.objects.create(case=item, round=rounds + 1, text=text, filed_by=by)

    return file_report(task=task, by=by, comment=text, attachments=attachments, apply_changes=apply_changes)
