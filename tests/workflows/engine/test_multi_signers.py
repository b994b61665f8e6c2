"""加签 and 减签 through the services: where the added person acts, and every bad input refused
with a clear error and nothing written."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from notifications import kinds
from notifications.models import Notification

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.panels import AnySignFlow, CountersignFlow, QuorumFlow, SequenceFlow
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.multi_helpers import actions, build_panel, member_tasks, person, states, submitted
from workflows.engine import services
from workflows.engine.signing_models import Signer


@pytest.fixture
def panel(db):
    return build_panel()


def codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


def refused(call, code):
    """The call raises a ValidationError with `code` and writes nothing."""
    signers = list(Signer.objects.order_by("pk").values_list("pk", "position", "state"))
    with pytest.raises(ValidationError) as caught:
        call()
    assert codes(caught.value) == [code]
    assert list(Signer.objects.order_by("pk").values_list("pk", "position", "state")) == signers
    return caught.value


def test_sequence_add_before_in_the_middle_acts_first_then_returns_to_the_handler(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    services.approve_task(task=member_tasks(item)["reviewer"], by=city.reviewer)
    services.add_signer(task=member_tasks(item)["reviewer2"], by=city.reviewer2, user=city.city, position="before")
    assert [name for name, _ in states(item)] == ["reviewer", "city", "reviewer2", "reviewer3", "district_head"]
    assert set(member_tasks(item)) == {"city"}
    assert actions(item)[-1] == ("signer_add", "district_review", "district_review")

    services.approve_task(task=member_tasks(item)["city"], by=city.city)
    assert set(member_tasks(item)) == {"reviewer2"}  # back to the handler
    services.approve_task(task=member_tasks(item)["reviewer2"], by=city.reviewer2)
    assert set(member_tasks(item)) == {"reviewer3"}
    services.approve_task(task=member_tasks(item)["reviewer3"], by=panel.reviewer3)
    services.approve_task(task=member_tasks(item)["district_head"], by=city.district_head)
    assert reload(item).status == "city_review"


def test_sequence_add_after_acts_right_after_the_handler(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    services.add_signer(task=member_tasks(item)["reviewer"], by=city.reviewer, user=city.city, position="after")
    assert set(member_tasks(item)) == {"reviewer"}
    # The added person hears that they are in the step; their task opens in their turn.
    assert Notification.objects.filter(recipient=city.city, kind=kinds.INFO).count() == 1
    services.approve_task(task=member_tasks(item)["reviewer"], by=city.reviewer)
    assert set(member_tasks(item)) == {"city"}


def test_countersign_add_joins_and_must_approve_too(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    extra = panel.reviewer3
    services.remove_signer(task=member_tasks(item)["reviewer"], by=city.reviewer, user=extra)
    services.add_signer(task=member_tasks(item)["reviewer"], by=city.reviewer, user=extra, position="before")
    assert set(member_tasks(item)) == {"reviewer", "reviewer2", "reviewer3"}  # removed, then added again
    for user in (city.reviewer, city.reviewer2):
        services.approve_task(task=member_tasks(item)[user.username], by=user)
    assert reload(item).status == "district_review"
    services.approve_task(task=member_tasks(item)["reviewer3"], by=extra)
    assert reload(item).status == "city_review"


def test_adding_someone_twice_is_refused(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    services.add_signer(task=task, by=city.reviewer, user=city.city, position="after")
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=city.city, position="after"), "duplicate")
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=panel.reviewer3), "duplicate")


def test_adding_the_submitter_or_someone_outside_the_pool_is_refused(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    task = member_tasks(item)["reviewer"]
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=city.head), "own_submission")
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=city.reviewer_b), "not_eligible")
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=city.city, position="middle"), "invalid")
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=999999), "invalid")


def test_quorum_never_adds_an_expert_from_the_items_district(panel):
    item = submitted(panel, QuorumFlow)
    expert = panel.experts_b[0]
    task = member_tasks(item)[expert.username]
    refused(lambda: services.add_signer(task=task, by=expert, user=panel.expert_a), "not_eligible")


def test_removing_one_who_acted_is_refused(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    services.approve_task(task=member_tasks(item)["reviewer2"], by=city.reviewer2)
    refused(lambda: services.remove_signer(task=member_tasks(item)["reviewer"], by=city.reviewer,
                                           user=city.reviewer2), "already_acted")


def test_removing_oneself_a_stranger_or_below_the_quorum_is_refused(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    task = member_tasks(item)["reviewer"]
    refused(lambda: services.remove_signer(task=task, by=city.reviewer, user=city.reviewer), "self")
    refused(lambda: services.remove_signer(task=task, by=city.reviewer, user=city.city), "not_member")

    quorum = submitted(panel, QuorumFlow)
    first, second, third = panel.experts_b
    services.reject_task(task=member_tasks(quorum)[third.username], by=third, comment="不同意")
    # 2 of 3 with one rejection: without `second` only one approval would be left possible.
    refused(lambda: services.remove_signer(task=member_tasks(quorum)[first.username], by=first, user=second),
            "below_quorum")
    assert len(member_tasks(quorum)) == 2


def test_removing_the_last_member_still_to_act_is_refused(panel):
    """Sequence: the others are removed one by one; the last one left to act is the handler, and
    removing oneself is refused."""
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    for user in (city.reviewer2, panel.reviewer3):
        services.remove_signer(task=task, by=city.reviewer, user=user)
    assert [name for name, state in states(item) if state != "removed"] == ["reviewer", "district_head"]
    services.approve_task(task=task, by=city.reviewer)
    # Now the district head is the only one left; it has no one to remove but itself.
    head_task = member_tasks(item)["district_head"]
    refused(lambda: services.remove_signer(task=head_task, by=city.district_head, user=city.district_head), "self")


def test_add_or_remove_on_a_single_person_step_is_refused(panel):
    city = panel.city
    item = submitted(panel, AnySignFlow)
    services.approve_task(task=member_tasks(item)["reviewer"], by=city.reviewer)
    city_task = open_task(item)
    refused(lambda: services.add_signer(task=city_task, by=city.city, user=city.city_head), "not_multi_step")

    plain = panel.city and submitted(panel, ApplicationFlow)
    refused(lambda: services.remove_signer(task=open_task(plain), by=city.reviewer, user=city.reviewer2),
            "not_multi_step")


def test_only_the_handler_of_an_open_member_task_may_add(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    task = member_tasks(item)["reviewer"]
    with pytest.raises(Exception) as caught:
        services.add_signer(task=task, by=city.reviewer2, user=city.city)
    assert caught.value.status_code == 403  # another member: sees the item, not their task
    with pytest.raises(Exception) as caught:
        services.add_signer(task=task, by=city.head_b, user=city.city)
    assert caught.value.status_code == 404  # out of scope
    services.approve_task(task=task, by=city.reviewer)
    with pytest.raises(Exception) as caught:
        services.add_signer(task=task, by=city.reviewer, user=city.city)
    assert caught.value.status_code == 409  # acted already: the task is closed


def test_a_transferred_member_task_moves_the_members_place_never_to_a_second_vote(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    with pytest.raises(ValidationError) as caught:
        services.transfer_task(task=task, by=city.reviewer, to=city.reviewer2)  # waiting later in the step
    assert codes(caught.value) == ["to_member"]
    newcomer = person("reviewer4", Role.DISTRICT_REVIEWER, city.district_a)
    services.transfer_task(task=task, by=city.reviewer, to=newcomer)
    assert [name for name, _ in states(item)][0] == "reviewer4"
    services.approve_task(task=task, by=newcomer)
    assert set(member_tasks(item)) == {"reviewer2"}


def test_a_proxy_votes_and_adds_in_the_members_name(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    deputy = person("deputy", Role.EXPERT, city.bureau)  # holds nothing that would let them act
    today = timezone.localdate()
    services.create_proxy(principal=city.reviewer, proxy=deputy, starts_on=today, ends_on=today, reason="出差",
                          by=city.reviewer)
    task = member_tasks(item)["reviewer"]
    services.add_signer(task=task, by=deputy, user=city.city, position="after")
    services.approve_task(task=task, by=deputy)
    events = AuditEvent.objects.filter(action__in=["signer_add", "approve"]).order_by("seq")
    assert [(e.action, e.actor_id, e.acting_for_id) for e in events] == [
        ("signer_add", deputy.pk, city.reviewer.pk), ("approve", deputy.pk, city.reviewer.pk)]
    assert set(member_tasks(item)) == {"city"}
