"""The demo's 专项督导 (workflows.inspection): the 督导室's reviewer has written this year's plan of
区县政府履行教育职责 and dispatched it to the 13 districts (the background dispatch run here, as the
worker would). Where the cases stand:

    和平区   self-assessed, visited by a team of three 督学, its answer filed and the 督导意见书
             issued with its 文号: the district owes its 整改方案
    沈河区   self-assessed, its team formed: the visit is to be held
    大东区, 皇姑区, 铁西区  self-assessed, waiting for their team
    苏家屯区 not yet self-assessed and past its deadline (late)
    the rest  at 自评, within their deadline.

Idempotent: nothing is written once the demo's plan exists."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.orgs.roles import Role
from workflows.demo.guide import Try, department, districts, holder
from workflows.demo.rounds import open_task
from workflows.demo.rubrics import DemoRubric, rubric
from workflows.engine import services as engine
from workflows.engine.deadlines.models import TaskDeadline
from workflows.engine.fanout import background
from workflows.engine.meetings import services as meetings
from workflows.engine.meetings.models import Meeting
from workflows.inspection.case_models import InspectionCase, TeamMember
from workflows.inspection.plan_models import InspectionPlan
from workflows.inspection.routine.rules import SUPERVISION_CODE
from workflows.inspection.services import filings, opinion, team
from workflows.inspection.services.dispatch import dispatch_task
from workflows.inspection.services.plans import create_plan, dispatch_plan

DUTIES = DemoRubric(SUPERVISION_CODE, "区县政府履行教育职责评价指标", 0, (
    ("A1", "教育经费投入", 10, None, "查阅预算、决算文件：一般公共预算教育支出逐年只增不减。"),
    ("A2", "学校布局规划", 10, None, "查阅布局规划和会议纪要：规划经区政府审议并落实。"),
    ("A3", "教师队伍建设", 10, None, "查阅编制和工资文件：教师平均工资不低于当地公务员。"),
), {})
SCORES = {"A1": {"score": 9, "evidence": "近三年教育经费决算表"}, "A2": {"score": 8}, "A3": {"score": 8.5}}
SELF_ASSESSED = 5  # 和平区 to 铁西区
LATE = 5  # 苏家屯区, in tree order


def _title() -> str:
    return f"{timezone.localdate().year}年区县政府履行教育职责情况专项督导"


def _plan():
    return InspectionPlan.objects.filter(title=_title()).order_by("pk").first()


def _visited(case, planner, members):
    """The team's visit held yesterday, closed, its findings and the leader's rating recorded."""
    meeting = meetings.schedule_meeting(item=case, by=planner, starts_at=timezone.now() + datetime.timedelta(days=1),
                                        place=f"{case.organisation.name}教育局", agenda="听取汇报、查阅资料、实地查看",
                                        participants=[{"user": m, "role": "inspector"} for m in members])
    # The demo's one shortcut for the visit: it was held yesterday (attendance needs a begun meeting).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(days=1))
    meeting = Meeting.objects.get(pk=meeting.pk)
    meetings.record_attendance(meeting=meeting, by=planner, attendance={m.pk: "present" for m in members})
    meetings.record_minutes(meeting=meeting, by=planner, text="督导组听取了区政府汇报，查阅了资料，实地查看了三所学校。")
    meetings.close_meeting(meeting=meeting, by=planner)
    for member in members:
        team.record_finding(case=case, by=member, indicator="A2", text="学校布局规划未经区政府常务会审议。", score=7)
    team.give_rating(case=case, by=members[0], rating="good", summary="总体较好，学校布局规划滞后。")
    engine.approve_task(task=open_task(case), by=planner, comment="进校督导结束。")


@transaction.atomic
def _seed(office, planner):
    indicators = rubric(DUTIES)
    plan = create_plan(department=office, by=planner, title=_title(), kind="government_duties", rubric=indicators,
                       targets=districts(), deadlines={"self_assessment": {"working_days": 15}},
                       notice="请各区县对照评价指标开展自评，15个工作日内提交自评报告。")
    dispatch_plan(plan=plan, by=planner)
    background.run(dispatch_task(plan).pk)
    cases = list(InspectionCase.objects.filter(inspection_case__plan=plan).select_related("organisation")
                 .order_by("organisation__path"))
    staff = {case.pk: holder(Role.DISTRICT_STAFF, case.organisation) for case in cases}
    for case in cases[:SELF_ASSESSED]:
        filings.file_self_assessment(task=open_task(case), by=staff[case.pk], scores=SCORES,
                                     comment="自评报告及佐证材料见附件。")
    late = cases[LATE]
    # The demo's one shortcut for lateness: the district's self-assessment fell due two days ago.
    TaskDeadline.objects.filter(task=open_task(late)).update(due_at=timezone.now() - datetime.timedelta(days=2))
    heping, shenhe = cases[0], cases[1]
    members = team.propose_team(heping)
    team.form_team(case=heping, by=planner, members=members, leader=members[0])
    _visited(heping, planner, members)
    filings.answer_findings(task=open_task(heping), by=staff[heping.pk],
                            answer="学校布局规划已列入今年区政府常务会议题，请予考虑。")
    opinion.issue_opinion(task=open_task(heping), by=planner, rectifications="一、完善学校布局规划并报区政府审议。")
    others = team.propose_team(shenhe)
    team.form_team(case=shenhe, by=planner, members=others, leader=others[0])


def seed() -> list[Try]:
    office = department(SUPERVISION_CODE)
    planner = office and holder(Role.CITY_REVIEWER, office)
    if planner is None:
        return []
    if _plan() is None:
        _seed(office, planner)
    plan = _plan()
    cases = list(InspectionCase.objects.filter(inspection_case__plan=plan).select_related("organisation")
                 .order_by("organisation__path"))
    tries = [Try(planner.username, f"打开「督导计划」→「{plan.title}」：13个区县各自的环节、期限、逾期天数和督办次数，"
                                   "按“仅看逾期”筛选，导出 Excel；在「新建」写一份新计划并下发。")]
    if len(cases) > LATE:
        shenhe, heping, late = cases[1], cases[0], cases[LATE]
        for case, what in (
                (heping, "在「待办」打开本区的专项督导案件：督导意见书已印发（带文号，可下载PDF），先提交整改方案，再提交整改报告。"),
                (late, "在「待办」打开本区的专项督导案件：自评已逾期，对照评价指标逐项打分并提交自评报告。")):
            staff = holder(Role.DISTRICT_STAFF, case.organisation)
            if staff:
                tries.append(Try(staff.username, f"{case.organisation.name}：{what}"))
        leader = TeamMember.objects.filter(case=shenhe, is_leader=True).select_related("user").first()
        if leader:
            tries.append(Try(leader.user.username, f"在事项页的「督导」卡片打开{shenhe.organisation.name}的专项督导案件"
                                                   "（进校督导，你是组长）：记录督导发现、给出评定等级。"))
    return tries
