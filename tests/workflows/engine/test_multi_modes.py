"""Each mode of a multi-person step with three people and mixed decisions, through the ordinary
decision services (approve_task, return_task, reject_task): one Decision and one audit event per
member, and the item's status moves only when the step as a whole decides."""

import pytest
from django.core.exceptions import ValidationError
from notifications.models import Notification
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tests.sampleapp.panels import AnySignFlow, CountersignFlow, QuorumFlow, SequenceFlow
from core.orgs.models import RoleGrant
from tests.workflows.engine.conftest import new_item, reload
from tests.workflows.engine.multi_helpers import actions, build_panel, member_tasks, states, submitted
from workflows.engine import message_kinds as engine_kinds
from workflows.engine import services
from workflows.engine.models import Decision

REVIEW, CITY = "district_review", "city_review"


@pytest.fixture
def panel(db):
    return build_panel()


def test_countersign_passes_only_when_all_three_approved(panel):
    item = submitted(panel, CountersignFlow)
    tasks = member_tasks(item)
    assert set(tasks) == {"reviewer", "reviewer2", "reviewer3"}
    assert all(task.owner_id and task.flow_task.name == "district_review" for task in tasks.values())
    # Each member hears of their own task.
    assert Notification.objects.filter(kind=engine_kinds.TASK_ASSIGNED).count() == 3

    services.approve_task(task=tasks["reviewer"], by=panel.city.reviewer, comment="同意")
    services.approve_task(task=tasks["reviewer3"], by=panel.reviewer3)
    assert reload(item).status == REVIEW
    assert set(member_tasks(item)) == {"reviewer2"}
    services.approve_task(task=tasks["reviewer2"], by=panel.city.reviewer2)

    assert reload(item).status == CITY
    assert Decision.objects.filter(item=item, step="district_review").count() == 3
    assert actions(item)[2:] == [("approve", REVIEW, REVIEW), ("approve", REVIEW, REVIEW), ("approve", REVIEW, CITY)]
    assert member_tasks(item)["queue"].flow_task.name == "city_review"


def test_countersign_first_reject_ends_the_step_and_cancels_the_rest(panel):
    item = submitted(panel, CountersignFlow)
    tasks = member_tasks(item)
    services.approve_task(task=tasks["reviewer"], by=panel.city.reviewer)
    services.reject_task(task=tasks["reviewer2"], by=panel.city.reviewer2, comment="不符合条件")

    assert reload(item).status == "rejected"
    assert Task.objects.get(pk=tasks["reviewer3"].pk).status == STATUS.CANCELED
    assert states(item) == [("reviewer", "approve"), ("reviewer2", "reject"), ("reviewer3", "cancelled")]
    assert actions(item)[-1] == ("reject", REVIEW, "rejected")
    with pytest.raises(Exception) as closed:
        services.approve_task(task=tasks["reviewer3"], by=panel.reviewer3)
    assert closed.value.status_code == 409


def test_countersign_return_sends_it_back_and_resubmission_opens_a_new_round(panel):
    item = submitted(panel, CountersignFlow)
    tasks = member_tasks(item)
    services.return_task(task=tasks["reviewer3"], by=panel.reviewer3, to="revise", comment="请补充材料")
    assert reload(item).status == "returned"
    assert set(member_tasks(item)) == {"head"}
    services.resubmit_item(task=member_tasks(item)["head"], by=panel.city.head)
    assert reload(item).status == REVIEW
    assert set(member_tasks(item)) == {"reviewer", "reviewer2", "reviewer3"}
    assert all(state == "open" for _, state in states(item))


def test_any_sign_first_decision_decides_and_cancels_the_others(panel):
    item = submitted(panel, AnySignFlow)
    tasks = member_tasks(item)
    services.approve_task(task=tasks["reviewer2"], by=panel.city.reviewer2)
    assert reload(item).status == CITY
    assert states(item) == [("reviewer", "cancelled"), ("reviewer2", "approve"), ("reviewer3", "cancelled")]
    assert Decision.objects.filter(item=item).count() == 1


def test_any_sign_a_reject_decides_too(panel):
    item = submitted(panel, AnySignFlow)
    services.reject_task(task=member_tasks(item)["reviewer"], by=panel.city.reviewer, comment="材料虚假")
    assert reload(item).status == "rejected"


def test_sequence_goes_in_order_and_the_last_approval_passes(panel):
    item = submitted(panel, SequenceFlow)
    order = ["reviewer", "reviewer2", "reviewer3", "district_head"]
    assert [name for name, _ in states(item)] == order
    users = {"reviewer": panel.city.reviewer, "reviewer2": panel.city.reviewer2, "reviewer3": panel.reviewer3,
             "district_head": panel.city.district_head}
    for name in order[:-1]:
        assert set(member_tasks(item)) == {name}
        services.approve_task(task=member_tasks(item)[name], by=users[name])
        assert reload(item).status == REVIEW
    services.approve_task(task=member_tasks(item)["district_head"], by=panel.city.district_head)
    assert reload(item).status == CITY


def test_sequence_a_reject_in_the_middle_ends_it(panel):
    item = submitted(panel, SequenceFlow)
    services.approve_task(task=member_tasks(item)["reviewer"], by=panel.city.reviewer)
    services.reject_task(task=member_tasks(item)["reviewer2"], by=panel.city.reviewer2, comment="不合格")
    assert reload(item).status == "rejected"
    assert [state for _, state in states(item)] == ["approve", "reject", "cancelled", "cancelled"]
    assert not member_tasks(item)


def test_quorum_draws_three_experts_outside_the_district(panel):
    item = submitted(panel, QuorumFlow)
    assert set(member_tasks(item)) == {"expert_b1", "expert_b2", "expert_c"}  # never expert_a (回避)


def test_quorum_passes_at_two_approvals_despite_one_reject(panel):
    item = submitted(panel, QuorumFlow)
    tasks = member_tasks(item)
    experts = {user.username: user for user in panel.experts_b}
    services.reject_task(task=tasks["expert_b1"], by=experts["expert_b1"], comment="不同意")
    services.approve_task(task=tasks["expert_b2"], by=experts["expert_b2"])
    assert reload(item).status == REVIEW
    services.approve_task(task=tasks["expert_c"], by=experts["expert_c"])
    assert reload(item).status == CITY
    assert [state for _, state in sorted(states(item))] == ["reject", "approve", "approve"]


def test_quorum_fails_at_n_minus_k_plus_one_rejections(panel):
    item = submitted(panel, QuorumFlow)
    tasks = member_tasks(item)
    experts = {user.username: user for user in panel.experts_b}
    services.approve_task(task=tasks["expert_c"], by=experts["expert_c"])
    services.reject_task(task=tasks["expert_b1"], by=experts["expert_b1"], comment="不同意")
    assert reload(item).status == REVIEW
    services.reject_task(task=tasks["expert_b2"], by=experts["expert_b2"], comment="不同意")
    assert reload(item).status == "rejected"


def test_quorum_a_return_ends_the_step_at_once(panel):
    item = submitted(panel, QuorumFlow)
    tasks = member_tasks(item)
    experts = {user.username: user for user in panel.experts_b}
    services.approve_task(task=tasks["expert_c"], by=experts["expert_c"])
    services.return_task(task=tasks["expert_b1"], by=experts["expert_b1"], to="revise", comment="补充材料")
    assert reload(item).status == "returned"
    assert Task.objects.get(pk=tasks["expert_b2"].pk).status == STATUS.CANCELED


def test_a_step_without_enough_people_refuses_the_act_that_opens_it(panel):
    RoleGrant.objects.filter(user__in=panel.experts_b[1:]).delete()  # one expert left outside district A
    item = new_item(panel.city)
    with pytest.raises(ValidationError) as refused:
        services.submit_item(item=item, by=item.submitter, flow_class=QuorumFlow)
    assert refused.value.code == "too_few_members"
    assert reload(item).status == "draft"


def test_a_member_cannot_act_on_another_members_task(panel):
    item = submitted(panel, CountersignFlow)
    with pytest.raises(Exception) as refused:
        services.approve_task(task=member_tasks(item)["reviewer2"], by=panel.city.reviewer)
    assert refused.value.status_code == 403
