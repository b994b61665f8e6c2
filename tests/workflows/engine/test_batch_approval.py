"""批量审批 (services.approve_tasks): each task approved in its own transaction by the rules of a
single approval; a refused task changes nothing and leaves the others approved; a task outside
the reviewer's scope is answered exactly as a missing one; a bad batch writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.status import STATUS

from core.audit.models import AuditEvent
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.honours import HonourFlow
from tests.sampleapp.panels import CountersignFlow
from tests.sampleapp.plans import CaseFlow
from tests.sampleapp.scoring import ScoringFlow
from tests.sampleapp.visit_models import SampleProgramme
from tests.sampleapp.visits import VisitFlow, visit_create, visit_submit
from tests.workflows.engine.batch_approval_helpers import other_district, waiting
from tests.workflows.engine.conftest import open_task, reload
from workflows.engine import services
from workflows.engine.batch_approval import rules
from workflows.engine.batch_approval.services import DONE, REFUSED, approve_tasks
from workflows.engine.models import Decision, Item

pytestmark = pytest.mark.django_db
S = SampleApplication.Status
MISSING = 987654321


def snapshot(item):
    """Everything a refused approval must leave as it was."""
    task = open_task(item)
    fresh = Item.objects.get(pk=item.pk)
    return (fresh.status, fresh.version, task.status, task.owner_id, Decision.objects.filter(item=item).count(),
            AuditEvent.objects.filter(object_id=str(item.pk), content_type__model="item").count())


def test_a_mixed_batch_approves_what_it_may_and_says_why_for_the_rest(city):
    first, second, decided = waiting(city, 3)
    services.approve_task(task=open_task(decided), by=city.reviewer2, comment="我先办了")
    decided_task = decided.processes.get().task_set.get(flow_task_type="HUMAN", status=STATUS.DONE)
    foreign = other_district(city)
    foreign_before = snapshot(foreign)

    result = approve_tasks(tasks=[open_task(first).pk, open_task(second), decided_task.pk, open_task(foreign).pk],
                           by=city.reviewer, comment="材料齐全，同意。")

    assert [line.result for line in result.lines] == [DONE, DONE, REFUSED, REFUSED]
    assert result.done_count == 2 and result.refused_count == 2
    assert result.step.title == "区县审核"
    for item in (first, second):
        assert reload(item).status == S.CITY_REVIEW
        decision = Decision.objects.get(item=item)
        assert (decision.actor, decision.comment, decision.outcome) == (city.reviewer, "材料齐全，同意。", "approve")
        assert AuditEvent.objects.filter(object_id=str(item.pk), action="approve", actor=city.reviewer).count() == 1
    closed = result.lines[2]
    assert (closed.code, closed.reason, closed.item.pk) == ("task_closed", "此待办已办理或已撤销。", decided.pk)
    assert Decision.objects.get(item=decided).actor == city.reviewer2  # the first one stands
    # Another district's task: refused, unchanged, and told apart from nothing.
    assert snapshot(foreign) == foreign_before
    assert reload(foreign).status == S.DISTRICT_REVIEW


def test_another_districts_task_is_answered_as_a_missing_one(city):
    foreign = open_task(other_district(city))
    result = approve_tasks(tasks=[foreign.pk, MISSING], by=city.reviewer, comment="")
    outside, missing = result.lines
    assert (outside.result, outside.code, outside.reason, outside.item) == \
        (missing.result, missing.code, missing.reason, missing.item) == \
        (REFUSED, "not_found", "未找到该事项或待办，或您无权查看。", None)
    assert result.step is None  # nothing known: no step named, not even the foreign one's
    event = AuditEvent.objects.get(action="batch_approve")
    assert [line["code"] for line in event.data["lines"]] == ["not_found", "not_found"]
    assert open_task(reload(foreign.process.artifact)).owner_id is None  # not claimed, not locked for long


def test_queued_tasks_are_claimed_for_the_reviewer_as_they_are_approved(city):
    item, = waiting(city, 1)
    task = open_task(item)
    assert task.owner_id is None
    line, = approve_tasks(tasks=[task.pk], by=city.reviewer, comment="").lines
    assert line.done
    task.refresh_from_db()
    assert (task.owner_id, task.status) == (city.reviewer.pk, STATUS.DONE)
    assert line.decision.item_id == item.pk


def test_a_task_someone_else_claimed_is_refused_and_left_to_them(city):
    mine, theirs = waiting(city, 2)
    services.claim_task(task=open_task(theirs), by=city.reviewer2)
    before = snapshot(theirs)
    result = approve_tasks(tasks=[open_task(mine).pk, open_task(theirs).pk], by=city.reviewer, comment="同意")
    assert [line.result for line in result.lines] == [DONE, REFUSED]
    assert result.lines[1].code == "not_allowed" and result.lines[1].item.pk == theirs.pk
    assert snapshot(theirs) == before


def test_a_batch_is_audited_once_besides_each_approval(city):
    items = waiting(city, 2)
    result = approve_tasks(tasks=[open_task(item).pk for item in items] + [MISSING], by=city.reviewer, comment="同意")
    event = AuditEvent.objects.get(action="batch_approve")
    assert (event.actor, event.object_id, event.comment) == (city.reviewer, str(city.reviewer.pk), "同意")
    assert event.data["step"].endswith("ApplicationFlow.district_review")
    assert [(line["result"], line["decision"]) for line in event.data["lines"]] == [
        (DONE, result.lines[0].decision.pk), (DONE, result.lines[1].decision.pk), (REFUSED, None)]


def test_tasks_of_two_steps_are_refused_together_and_nothing_is_approved(city):
    at_district, at_city = waiting(city, 2)
    services.approve_task(task=open_task(at_city), by=city.reviewer)  # now at 市局审核
    decisions = Decision.objects.count()
    with pytest.raises(ValidationError) as refused:
        approve_tasks(tasks=[open_task(at_district).pk, open_task(at_city).pk], by=city.city, comment="同意")
    assert refused.value.code == "mixed_steps"
    assert "同一流程、同一环节" in refused.value.messages[0]
    assert "区县审核" in refused.value.messages[0] and "市局审核" in refused.value.messages[0]
    assert Decision.objects.count() == decisions
    assert not AuditEvent.objects.filter(action="batch_approve").exists()


def test_two_kinds_steps_of_one_name_are_two_steps(city):
    application, = waiting(city, 1)
    programme = SampleProgramme.objects.create(name="示范校", onsite_visit=True)
    visit = visit_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                         title="示范校申报", programme=programme)
    visit_submit(item=visit, by=city.head)
    with pytest.raises(ValidationError) as refused:
        approve_tasks(tasks=[open_task(application).pk, open_task(visit).pk], by=city.reviewer, comment="")
    assert refused.value.code == "mixed_steps"
    assert "示例申报·区县审核" in refused.value.messages[0]
    assert reload(application).status == S.DISTRICT_REVIEW


def test_a_step_decided_otherwise_than_by_approval_is_refused(city):
    item, = waiting(city, 1)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充材料")
    with pytest.raises(ValidationError) as refused:
        approve_tasks(tasks=[open_task(item).pk], by=city.head, comment="")
    assert refused.value.code == "step_not_batchable"
    assert "修改后重新提交" in refused.value.messages[0]
    assert reload(item).status == S.RETURNED


@pytest.mark.parametrize("tasks, code", [([], "empty_batch"), (["abc"], "invalid_task"), ([0], "invalid_task")])
def test_an_empty_or_malformed_batch_is_refused(city, tasks, code):
    with pytest.raises(ValidationError) as refused:
        approve_tasks(tasks=tasks, by=city.reviewer, comment="")
    assert refused.value.code == code


def test_a_batch_over_the_limit_is_refused_before_anything_is_read(city, settings):
    settings.WORKFLOWS_BATCH_APPROVE_MAX = 2
    items = waiting(city, 3)
    tasks = [open_task(item).pk for item in items]
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as refused:
        approve_tasks(tasks=tasks, by=city.reviewer, comment="")
    assert refused.value.code == "batch_too_large"
    assert refused.value.messages == ["一次最多批量审批2件，您选择了3件；请分批办理。"]
    assert len(queries) == 0
    assert all(reload(item).status == S.DISTRICT_REVIEW for item in items)


def test_the_same_task_twice_is_approved_once(city):
    item, = waiting(city, 1)
    result = approve_tasks(tasks=[open_task(item).pk] * 2, by=city.reviewer, comment="")
    assert len(result.lines) == 1 and result.lines[0].done


def test_a_comment_over_the_limit_is_refused(city):
    item, = waiting(city, 1)
    with pytest.raises(ValidationError):
        approve_tasks(tasks=[open_task(item).pk], by=city.reviewer, comment="长" * 2001)
    assert reload(item).status == S.DISTRICT_REVIEW


def _statements(city, count):
    tasks = [open_task(item).pk for item in waiting(city, count)]
    with CaptureQueriesContext(connection) as queries:
        result = approve_tasks(tasks=tasks, by=city.reviewer, comment="同意")
    assert result.done_count == count
    return len(queries)


# A single approval costs at most 18 statements (test_statement_budget's APPROVE_BUDGET): a task
# in a batch costs no more than that; the batch itself adds a fixed few (the tasks and their
# scope in three queries, the one batch event).
PER_TASK = 18
BATCH_OVERHEAD = 14


def test_the_statements_of_a_batch_grow_by_one_approval_per_task(city):
    two, five = _statements(city, 2), _statements(city, 5)
    per_task = (five - two) / 3
    assert per_task <= PER_TASK, per_task
    assert two - 2 * per_task <= BATCH_OVERHEAD, (two, per_task)


def test_which_step_types_may_be_batched():
    assert rules.batchable(ApplicationFlow.instance.district_review)
    assert rules.batchable(VisitFlow.instance.city_review)
    assert rules.batchable(CountersignFlow.instance.district_review)  # one member's 会签 vote
    refused = {
        ApplicationFlow.instance.revise: "不以“通过”办理",  # 修改后重新提交
        HonourFlow.instance.city_decision: "不以“通过”办理",  # a 名单 step
        HonourFlow.instance.notice: "不以“通过”办理",  # 公示
        ScoringFlow.instance.scoring: "不以“通过”办理",  # 专家评分
        VisitFlow.instance.onsite_visit: "须逐件核对",  # a meeting's minutes first
        CaseFlow.instance.file: "须逐件核对",  # 填报
        ApplicationFlow.instance.approved: "不以“通过”办理",  # an end, nobody decides
    }
    for node, words in refused.items():
        assert words in rules.step_refusal(node), node
