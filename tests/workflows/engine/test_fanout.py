"""Fan-out: a plan dispatches one case per district (13 in Shenyang), waits for all of them, and
completes when the last one is done."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.sample_files import PDF
from tests.sampleapp.plan_models import SampleCase, SamplePlan
from tests.sampleapp.plans import (
    CaseFlow,
    PlanFlow,
    sample_case_file,
    sample_plan_create,
    sample_plan_dispatch,
)
from tests.workflows.engine.plan_helpers import (
    build_plan_city,
    dispatched_plan,
    open_human_task,
)
from workflows.engine import services
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound, TaskClosed
from workflows.engine.fanout.models import FanOutChild
from workflows.engine.fanout.step import take_report
from workflows.engine.models import Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_city(db):
    return build_plan_city()


def cases_of(plan):
    return [link.child.as_kind() for link in FanOutChild.objects.filter(parent=plan).select_related("child")]


def fanout_task(plan):
    return Task.objects.get(process__item=plan, flow_task=PlanFlow.dispatch)


def finish_case(city, case):
    sample_case_file(task=open_human_task(case), by=city.staff[case.organisation_id], comment="自评报告已上传。")
    services.approve_task(task=open_human_task(case), by=city.checker, comment="材料齐全。")


def test_a_plan_dispatches_one_case_per_district_and_completes_when_the_last_is_done(plan_city):
    plan = dispatched_plan(plan_city)
    assert len(plan_city.districts) == 13
    assert plan.status == SamplePlan.Status.IN_PROGRESS
    cases = cases_of(plan)
    assert [case.organisation for case in cases] == plan_city.districts
    assert all(case.status == SampleCase.Status.FILING for case in cases)
    assert all(case.title.startswith(plan.title) and case.ref_no.startswith("SC-") for case in cases)
    assert len({case.ref_no for case in cases}) == 13
    # Each case runs its own process under the plan's waiting fan-out task, in its district's queue.
    waiting = fanout_task(plan)
    assert waiting.status == STATUS.STARTED
    assert Process.objects.filter(parent_task=waiting).count() == 13
    for case in cases:
        task = open_human_task(case)
        assert task.flow_task == CaseFlow.file
        assert (task.owner_permission, int(task.owner_permission_obj_pk)) == ("district_staff", case.organisation_id)
    assert AuditEvent.objects.filter(action="dispatch").count() == 13

    for case in cases[:-1]:
        finish_case(plan_city, case)
    plan.refresh_from_db()
    assert plan.status == SamplePlan.Status.IN_PROGRESS
    assert fanout_task(plan).status == STATUS.STARTED

    finish_case(plan_city, cases[-1])
    plan = Item.objects.get(pk=plan.pk).as_kind()
    assert plan.status == SamplePlan.Status.COMPLETED
    assert fanout_task(plan).status == STATUS.DONE
    assert plan.processes.get().status == PROCESS.DONE
    done = AuditEvent.objects.get(action="children_done")
    assert (done.from_status, done.to_status, done.data["children"]) == ("in_progress", "completed", 13)
    assert Notification.objects.filter(key__startswith=f"item:{plan.pk}:fanout:", recipient=plan_city.owner).exists()


def test_the_filer_becomes_the_submitter_so_a_return_goes_back_to_them(plan_city):
    plan = dispatched_plan(plan_city, districts=plan_city.districts[:2])
    case = cases_of(plan)[0]
    staff = plan_city.staff[case.organisation_id]
    sample_case_file(task=open_human_task(case), by=staff)
    case.refresh_from_db()
    assert case.submitter == staff and case.last_submission.number == 1
    # The plan's owner is not the filer, so the owner may check it (no going one level up).
    check = open_human_task(case)
    assert check.owner_permission == "city_reviewer"
    services.return_task(task=check, by=plan_city.owner, to="revise", comment="请补充佐证材料。")
    revise = open_human_task(case)
    assert revise.owner == staff
    services.resubmit_item(task=revise, by=staff, comment="已补充。")
    services.approve_task(task=open_human_task(case), by=plan_city.owner)
    assert Item.objects.get(pk=case.pk).status == SampleCase.Status.DONE
    assert Item.objects.get(pk=plan.pk).status == SamplePlan.Status.IN_PROGRESS


def test_the_district_takes_its_case_to_add_evidence_before_filing(plan_city):
    plan = dispatched_plan(plan_city, districts=plan_city.districts[:1])
    case = cases_of(plan)[0]
    staff = plan_city.staff[case.organisation_id]
    task = take_report(task=open_human_task(case), by=staff)
    assert task.owner == staff and Item.objects.get(pk=case.pk).submitter == staff
    services.add_evidence(item=case, by=staff, slot="self_assessment",
                          upload=SimpleUploadedFile("自评报告.pdf", PDF))
    sample_case_file(task=task, by=staff, comment="已提交自评报告。")
    case = Item.objects.get(pk=case.pk)
    assert case.status == SampleCase.Status.CHECKING
    assert [f["name"] for f in case.last_submission.files] == ["自评报告.pdf"]
    with pytest.raises(InvalidState, match="不是填报步骤"):
        take_report(task=open_human_task(case), by=plan_city.checker)


def test_only_the_target_district_files_its_case(plan_city):
    plan = dispatched_plan(plan_city, districts=plan_city.districts[:2])
    first, second = cases_of(plan)
    task = open_human_task(first)
    with pytest.raises(NotFound):
        sample_case_file(task=task, by=plan_city.staff[second.organisation_id])
    with pytest.raises(NotAllowed):
        sample_case_file(task=task, by=plan_city.owner)  # sees the case, is not its district's staff
    sample_case_file(task=task, by=plan_city.staff[first.organisation_id])
    with pytest.raises(TaskClosed):
        sample_case_file(task=task, by=plan_city.staff[first.organisation_id])
    with pytest.raises(InvalidState, match="不是填报步骤"):
        sample_case_file(task=open_human_task(first), by=plan_city.checker)
    assert Item.objects.get(pk=first.pk).status == SampleCase.Status.CHECKING


def test_a_case_cannot_be_withdrawn_while_its_plan_waits(plan_city):
    plan = dispatched_plan(plan_city, districts=plan_city.districts[:1])
    case = cases_of(plan)[0]
    staff = plan_city.staff[case.organisation_id]
    sample_case_file(task=open_human_task(case), by=staff)
    with pytest.raises(InvalidState):
        services.withdraw_item(item=case, by=staff, comment="材料有误")
    assert Item.objects.get(pk=case.pk).status == SampleCase.Status.CHECKING


def test_a_plan_without_targets_is_refused_and_nothing_is_written(plan_city):
    plan = sample_plan_create(department=plan_city.department, by=plan_city.owner, title="空计划", targets=[])
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="请至少选择一个分派对象"):
        sample_plan_dispatch(plan=plan, by=plan_city.owner)
    assert Item.objects.get(pk=plan.pk).status == SamplePlan.Status.DRAFT
    assert not SampleCase.objects.exists() and not Process.objects.exists()
    assert AuditEvent.objects.count() == events


def test_plan_targets_must_be_distinct_districts(plan_city):
    with pytest.raises(ValidationError, match="督导对象不能重复"):
        sample_plan_create(department=plan_city.department, by=plan_city.owner, title="计划",
                           targets=[plan_city.districts[0], plan_city.districts[0]])
    with pytest.raises(ValidationError, match="督导对象必须是区县"):
        sample_plan_create(department=plan_city.department, by=plan_city.owner, title="计划",
                           targets=[plan_city.department])
    assert not SamplePlan.objects.exists()
