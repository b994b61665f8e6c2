"""The inspection plan's flow and the case flow each of its targets runs (DOMAIN.md 3).

The stage limits below are the defaults; a plan sets its own per stage (StepDeadlineRule: working
days or a fixed date), and its 逾期处理方式 says whether a missing self-assessment only escalates
(the reminder policy's escalations: the district's head, then the 督导室's) or is recorded as not
submitted and the case moves on to the visit.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from workflows.engine.assignment import ITEM_ORG, RoleAt
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.fanout.step import ChildFlow, Dispatched, FanOut, Report
from workflows.engine.flows import BaseFlow
from workflows.engine.nodes import Finish, Step, Submit
from workflows.inspection.assignment import CITY, TARGET
from workflows.inspection.case_rows import cases_created
from workflows.inspection.case_models import InspectionCase
from workflows.inspection.plan_models import InspectionPlan, TimeoutAction
from workflows.inspection.selectors import timeout_action_of
from workflows.inspection.steps import Filing, OpinionStep, VisitStep

C = InspectionCase.Status
P = InspectionPlan.Status

def marks_missing(case) -> bool:
    """Whether the case's plan records a missing self-assessment and moves on (its data)."""
    # A dispatch sets it on the cases it creates, so that 1,600 cases do not ask 1,600 times.
    action = getattr(case, "plan_timeout_action", None) or timeout_action_of(case)
    return action == TimeoutAction.MARK_MISSING


class InspectionFlow(ChildFlow):
    """督导案件

    下发督导通知 → 自评 → 组建督导组、进校督导 → 反馈与申辩 → 印发督导意见书 → 整改方案 → 整改报告
    → 复查（不通过则再次整改）→ 办结。"""

    item_model = InspectionCase

    start = Dispatched(title=_("下发督导通知")).Next(this.self_assessment)
    self_assessment = (
        Filing(TARGET, status=C.SELF_ASSESSMENT, title=_("自评"), limit=WorkingDays(15))
        .Approve(this.visit)
        .OnTimeout(this.visit, title=_("逾期未提交自评"), when=marks_missing)
    )
    visit = (
        VisitStep(CITY, status=C.VISIT, title=_("进校督导"), meeting=_("督导进校"), limit=WorkingDays(30))
        .Approve(this.feedback)
    )
    feedback = (
        Report(TARGET, status=C.FEEDBACK, title=_("反馈与申辩"), limit=WorkingDays(5))
        .Approve(this.opinion)
        .OnTimeout(this.opinion, title=_("逾期未申辩"))
    )
    opinion = OpinionStep(CITY, status=C.OPINION, title=_("印发督导意见书"), limit=WorkingDays(10)).Approve(
        this.rectification_plan)
    rectification_plan = Filing(TARGET, status=C.RECTIFICATION_PLAN, title=_("整改方案"),
                                limit=WorkingDays(10)).Approve(this.rectification_report)
    # 30 calendar days (the 条例's default) are about 21 working days.
    rectification_report = Filing(TARGET, status=C.RECTIFICATION_REPORT, title=_("整改报告"),
                                  limit=WorkingDays(21)).Approve(this.review)
    review = (
        Step(CITY, status=C.REVIEW, title=_("复查"), limit=WorkingDays(10))
        .Approve(this.closed)
        .ReturnTo(this.rectification_report)
    )
    closed = Finish(status=C.CLOSED, title=_("办结"))


class PlanFlow(BaseFlow):
    """督导计划

    督导室制定计划 → 分派到各督导对象（每个对象一件督导案件，后台批量下发）→ 全部办结后计划完成。"""

    item_model = InspectionPlan

    start = Submit(RoleAt(Role.CITY_REVIEWER, ITEM_ORG), title=_("下发督导计划")).Next(this.dispatch)
    dispatch = FanOut(InspectionFlow, targets=InspectionPlan.targets, status=P.IN_PROGRESS,
                      title=_("各督导对象办理"), created=cases_created, background=True).Next(this.completed)
    completed = Finish(status=P.COMPLETED, title=_("计划完成"))
