"""A plan dispatched to the 13 districts, walked through every stage: on-time, late (reminded and
escalated at the right working-day times) and missed (the plan's timeout action) targets, the
team and its visit, the 督导意见书, one rejected rectification and its second round, and the
plan page's figures against the cases."""

import time_machine
import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from notifications.models import Notification
from notifications.sweep import sweep
from tests.workflows.inspection.helpers import dispatched, local, open_task
from workflows.engine import services as engine
from workflows.engine.exceptions import InvalidState
from workflows.engine.meetings import services as meetings
from workflows.inspection.case_models import CaseDetails, InspectionCase, RectificationReport, TeamMember
from workflows.inspection.selectors import plan_rows
from workflows.inspection.services import filings, opinion, team
from workflows.tasks import fire_timers

pytestmark = pytest.mark.django_db

S = InspectionCase.Status
DISPATCHED = local(2021, 3, 1, 9, 0)  # a Monday; the self-assessment is due 15 working days later
DUE = local(2021, 3, 22, 17, 30)
SCORES = {"A1": {"score": 9, "evidence": "2020年教育经费决算表"}, "A2": {"score": 8}, "A3": {"score": 7.5}}


def cases_of(plan):
    return list(InspectionCase.objects.filter(inspection_case__plan=plan).select_related("organisation")
                .order_by("pk"))


def self_assess(city, case):
    filings.file_self_assessment(task=open_task(case), by=city.staff[case.organisation_id], scores=SCORES,
                                 comment="自评报告见附件。")


def kinds_sent(user):
    return sorted(Notification.objects.filter(recipient=user, kind__in=["reminder", "due_today", "escalation"])
                  .values_list("kind", flat=True))


def visit(city, case, members):
    """The team formed, the visit held and closed, findings recorded, the leader's rating given."""
    leader = members[0]
    team.form_team(case=case, by=city.planner, members=members, leader=leader)
    task = open_task(case)
    meeting = meetings.schedule_meeting(item=case, by=city.planner, starts_at=local(2021, 4, 7, 9, 0),
                                        place=f"{case.organisation.name}教育局", agenda="听取汇报、查阅资料、实地查看",
                                        participants=[{"user": m, "role": "inspector"} for m in members])
    with time_machine.travel(local(2021, 4, 7, 16, 0), tick=False):
        meetings.record_attendance(meeting=meeting, by=city.planner, attendance={m.pk: "present" for m in members})
        meetings.record_minutes(meeting=meeting, by=city.planner, text="督导组听取了区政府汇报。")
        meetings.close_meeting(meeting=meeting, by=city.planner)
        for member in members:
            team.record_finding(case=case, by=member, indicator="A1", text="经费投入达到法定增长要求。", score=9)
        with pytest.raises(InvalidState):  # the visit waits for the leader's rating
            engine.approve_task(task=task, by=city.planner)
        team.give_rating(case=case, by=leader, rating="good", summary="总体较好，布局规划滞后。")
        engine.approve_task(task=task, by=city.planner, comment="进校督导结束。")


def test_a_plan_to_the_13_districts_from_dispatch_to_the_second_rectification_round(city):
    with time_machine.travel(DISPATCHED, tick=False):
        plan = dispatched(city)
    cases = cases_of(plan)
    on_time, late, silent = cases[:11], cases[11], cases[12]
    with time_machine.travel(local(2021, 3, 10, 10, 0), tick=False):
        for case in on_time:
            self_assess(city, case)
    # Reminders at 09:00 three and one working days before the due day and on it; escalations at
    # 09:00 on the 1st working day after (the district's head) and the 3rd (the 督导室's head).
    for moment in (local(2021, 3, 17, 9, 1), local(2021, 3, 19, 9, 1), local(2021, 3, 22, 9, 1),
                   local(2021, 3, 23, 9, 1)):
        sweep(now=moment)
    assert kinds_sent(city.staff[late.organisation_id]) == ["due_today", "reminder", "reminder"]
    assert kinds_sent(city.district_heads[late.organisation_id]) == ["escalation"]
    assert kinds_sent(city.staff[on_time[0].organisation_id]) == []
    with time_machine.travel(local(2021, 3, 24, 10, 0), tick=False):
        self_assess(city, late)
    sweep(now=local(2021, 3, 25, 9, 1))
    # Escalate only (the plan's timeout action): the silent district still owes its self-assessment.
    assert fire_timers(now=local(2021, 3, 25, 9, 2).isoformat()) == 0
    assert kinds_sent(city.head).count("escalation") == 1  # only the silent district reached the 督导室
    rows = {row.target.pk: row for row in plan_rows(city.planner, plan, now=local(2021, 3, 25, 10, 0))}
    assert rows[silent.organisation_id].stage == "自评"
    assert rows[silent.organisation_id].due_at == DUE
    assert rows[silent.organisation_id].late_days == 3
    assert rows[silent.organisation_id].escalations == 2
    assert rows[late.organisation_id].stage == "进校督导" and rows[late.organisation_id].escalations == 1
    assert all(rows[c.organisation_id].stage == "进校督导" and rows[c.organisation_id].late_by is None
               for c in on_time)
    late_only = plan_rows(city.planner, plan, now=local(2021, 3, 25, 10, 0), late_only=True)
    assert [row.case.pk for row in late_only] == [silent.pk]

    # One case through the visit, the 意见书 and two rectification rounds.
    case = cases[0]
    members = team.propose_team(case)
    assert len(members) == 3 and all(m.pk not in {u.pk for u in city.inspectors[:2]} for m in members)
    with time_machine.travel(local(2021, 4, 1, 10, 0), tick=False):
        visit(city, case, members)
    with time_machine.travel(local(2021, 4, 8, 10, 0), tick=False):
        filings.answer_findings(task=open_task(case), by=city.staff[case.organisation_id],
                                answer="布局规划已列入2021年计划，请予考虑。")
        opinion.issue_opinion(task=open_task(case), by=city.planner, rectifications="一、完善学校布局规划。")
    details = CaseDetails.objects.select_related("opinion").get(item=case)
    assert details.opinion.number_text == "沈教督〔2021〕1号"
    assert details.answer.startswith("布局规划")
    with time_machine.travel(local(2021, 4, 12, 10, 0), tick=False):
        with pytest.raises(InvalidState) as early:
            filings.file_rectification_report(task=open_task(case), by=city.staff[case.organisation_id],
                                              report="已整改。")
        assert str(early.value) == "请先提交整改方案，再提交整改报告。"
        filings.file_rectification_plan(task=open_task(case), by=city.staff[case.organisation_id],
                                        plan="6月底前完成布局规划修订。")
        filings.file_rectification_report(task=open_task(case), by=city.staff[case.organisation_id],
                                          report="布局规划修订稿已报区政府。")
        opinion.review_rectification(task=open_task(case), by=city.planner, accepted=False,
                                     comment="修订稿尚未经区政府常务会审议。", due_at=local(2021, 5, 31, 17, 30))
    case.refresh_from_db()
    assert case.status == S.RECTIFICATION_REPORT
    assert Notification.objects.filter(kind="rectification_rejected",
                                       recipient=city.district_heads[case.organisation_id]).count() == 1
    row = {r.case.pk: r for r in plan_rows(city.planner, plan, now=local(2021, 4, 12, 11, 0))}[case.pk]
    assert row.due_at == local(2021, 5, 31, 17, 30)
    with time_machine.travel(local(2021, 5, 20, 10, 0), tick=False):
        filings.file_rectification_report(task=open_task(case), by=city.staff[case.organisation_id],
                                          report="布局规划经区政府常务会审议通过并印发。")
        opinion.review_rectification(task=open_task(case), by=city.planner, accepted=True, comment="整改到位。")
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert list(RectificationReport.objects.filter(case=case).order_by("round").values_list("round", "accepted")) \
        == [(1, False), (2, True)]
    assert AuditEvent.objects.filter(object_id=case.pk, action="inspection_team_formed").count() == 1


def test_a_missed_self_assessment_is_recorded_as_not_submitted_when_the_plan_says_so(city):
    with time_machine.travel(DISPATCHED, tick=False):
        plan = dispatched(city, targets=city.districts[:2], timeout_action="mark_missing")
    filed, missed = cases_of(plan)
    with time_machine.travel(local(2021, 3, 10, 10, 0), tick=False):
        self_assess(city, filed)
    assert fire_timers(now=local(2021, 3, 22, 17, 29).isoformat()) == 0
    assert fire_timers(now=local(2021, 3, 22, 17, 31).isoformat()) == 1
    missed.refresh_from_db()
    assert missed.status == S.VISIT
    rows = {row.case.pk: row for row in plan_rows(city.planner, plan, now=local(2021, 3, 23, 9, 0))}
    assert rows[missed.pk].self_assessment_missing and not rows[filed.pk].self_assessment_missing


def test_bad_team_and_findings_are_refused_in_chinese_and_nothing_is_written(city):
    with time_machine.travel(DISPATCHED, tick=False):
        plan = dispatched(city, targets=city.districts[:1])
        case = cases_of(plan)[0]
        self_assess(city, case)
        home = [u for u in city.inspectors[:2]]  # at home in the inspected district (和平区)
        others = city.inspectors[2:5]
        before = (TeamMember.objects.count(), AuditEvent.objects.count())
        with pytest.raises(ValidationError) as recused:
            team.form_team(case=case, by=city.planner, members=[home[0], *others[:2]], leader=others[0])
        assert recused.value.message_dict["members"] == [f"{home[0]}来自被督导区县，须回避。"]
        with pytest.raises(ValidationError) as few:
            team.form_team(case=case, by=city.planner, members=others[:2], leader=others[0])
        assert few.value.message_dict["members"] == ["督导组至少需要3名督学。"]
        assert (TeamMember.objects.count(), AuditEvent.objects.count()) == before
        team.form_team(case=case, by=city.planner, members=others, leader=others[0])
        with pytest.raises(ValidationError) as unknown:
            team.record_finding(case=case, by=others[1], indicator="Z9", text="无此指标。")
        assert unknown.value.message_dict["indicator"] == ["指标“Z9”不在本督导计划的指标中。"]
