"""Dispatching a plan: one case per target, each told with the 督导通知, in the background; and the
plans that are refused with nothing written."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.workflows.inspection.helpers import dispatched, local, new_plan, open_task
from workflows.engine.fanout import background
from workflows.engine.models import Item
from workflows.inspection.case_models import CaseDetails, InspectionCase
from workflows.inspection.flows import InspectionFlow
from workflows.inspection.plan_models import InspectionPlan, PlanTarget
from workflows.inspection.services.dispatch import dispatch_task, progress
from workflows.inspection.services.plans import dispatch_plan

pytestmark = pytest.mark.django_db


def test_a_plan_dispatched_to_the_13_districts_opens_a_self_assessment_in_each_district(city):
    plan = dispatched(city, notice="请于规定期限内完成自评并上传佐证材料。")
    cases = list(InspectionCase.objects.filter(inspection_case__plan=plan).order_by("pk"))
    assert [case.organisation for case in cases] == city.districts
    assert {case.status for case in cases} == {InspectionCase.Status.SELF_ASSESSMENT}
    for case in cases:
        task = open_task(case)
        assert task.flow_task == InspectionFlow.self_assessment
        assert (task.owner_permission, int(task.owner_permission_obj_pk)) == ("district_staff", case.organisation_id)
    notices = Notification.objects.filter(kind="inspection_notice")
    assert sorted(n.recipient_id for n in notices) == sorted(u.pk for u in city.staff.values())
    assert notices.first().params["notice"] == "请于规定期限内完成自评并上传佐证材料。"
    assert Item.objects.get(pk=plan.pk).status == InspectionPlan.Status.IN_PROGRESS
    assert progress(plan) == background.Progress(created=13, total=13, dispatching=False)


def test_a_school_plan_goes_to_each_schools_head(city):
    schools = list(city.schools.values())[:3]
    plan = dispatched(city, targets=schools, kind="kindergarten_conduct")
    for case in InspectionCase.objects.filter(inspection_case__plan=plan):
        task = open_task(case)
        assert (task.owner_permission, int(task.owner_permission_obj_pk)) == ("school_head", case.organisation_id)


def test_a_dispatch_restarted_midway_creates_nothing_twice(city):
    plan = new_plan(city)
    dispatch_plan(plan=plan, by=city.planner)
    task = dispatch_task(plan)
    first = background.dispatch_batch(task.pk, size=5)
    assert (first.created, first.total, first.dispatching) == (5, 13, True)
    # The job dies here; the worker is given it again and runs it from the start.
    assert background.run(task.pk, size=4).created == 13
    assert background.run(task.pk, size=4).created == 13  # a second job finds nothing left
    assert CaseDetails.objects.filter(plan=plan).count() == 13
    assert AuditEvent.objects.filter(action="dispatch").count() == 13


@pytest.mark.parametrize("options, field, message", [
    ({"targets": []}, "targets", "请至少选择一个督导对象。"),
    ({"deadlines": {"self_assessment": {"due_at": local(2031, 5, 10)},
                    "visit": {"due_at": local(2031, 5, 1)}}}, "deadlines",
     "“进校督导”的期限必须晚于“自评”的期限，各环节期限须按先后顺序。"),
    ({"deadlines": {"self_assessment": {"working_days": 5, "due_at": local(2031, 5, 1)}}}, "deadlines",
     "“自评”的期限请填写工作日数或指定日期，二者只能填一项。"),
    ({"kind": "unknown"}, "kind", "请选择督导类型。"),
])
def test_a_bad_plan_is_refused_in_chinese_and_nothing_is_written(city, options, field, message):
    before = (Item.objects.count(), PlanTarget.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        new_plan(city, **options)
    assert refused.value.message_dict[field] == [message]
    assert (Item.objects.count(), PlanTarget.objects.count(), AuditEvent.objects.count()) == before
