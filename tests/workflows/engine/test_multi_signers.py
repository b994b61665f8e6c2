"""加签 and 减签 through the services: where the added person acts, and every bad input refused
with a clear error and nothing written. Who may change the members (the step's owner, members
only in 依次 and 或签) and drawn panels: test_multi_owner.py."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from notifications import kinds
from notifications.models import Notification
from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.panels import (
    AnySignFlow,
    CountersignFlow,
    QuorumFlow,
    ReviewerQuorumFlow,
    SequenceFlow,
)
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.multi_helpers import (
    actions,
    build_panel,
    group_of,
    member_tasks,
    person,
    states,
    submitted,
)
from tests.workflows.engine.proxy_helpers import colleagues
from workflows.engine import services
from workflows.engine.signing.models import Signer


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
    """In 会签 the step's owner (a city reviewer of the owning department) changes the members."""
    city = panel.city
    item = submitted(panel, CountersignFlow)
    extra = panel.reviewer3
    services.remove_signer_from_step(group=group_of(item), by=city.city, user=extra)
    services.add_signer_to_step(group=group_of(item), by=city.city, user=extra)
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
    group = group_of(item)
    refused(lambda: services.add_signer_to_step(group=group, by=city.city, user=city.head), "own_submission")
    refused(lambda: services.add_signer_to_step(group=group, by=city.city, user=city.reviewer_b), "not_eligible")
    refused(lambda: services.add_signer_to_step(group=group, by=city.city, user=999999), "invalid")
    sequence = submitted(panel, SequenceFlow)
    task = member_tasks(sequence)["reviewer"]
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=city.city, position="middle"), "invalid")
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=city.head), "own_submission")
    refused(lambda: services.add_signer(task=task, by=city.reviewer, user=city.reviewer_b), "not_eligible")


def test_nobody_adds_a_chosen_person_to_a_drawn_panel(panel):
    """Not even the owner: a drawn panel's members come from the draw (see redraw_signer)."""
    item = submitted(panel, QuorumFlow)
    newcomer = person("expert_b3", Role.EXPERT, panel.city.district_b)  # in the pool, outside district A
    refused(lambda: services.add_signer_to_step(group=group_of(item), by=panel.city.city, user=newcomer),
            "drawn_panel")


def test_removing_one_who_acted_is_refused(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    services.approve_task(task=member_tasks(item)["reviewer2"], by=city.reviewer2)
    refused(lambda: services.remove_signer_from_step(group=group_of(item), by=city.city, user=city.reviewer2),
            "already_acted")


def test_removing_oneself_a_stranger_or_below_the_quorum_is_refused(panel):
    city = panel.city
    sequence = submitted(panel, SequenceFlow)
    task = member_tasks(sequence)["reviewer"]
    refused(lambda: services.remove_signer(task=task, by=city.reviewer, user=city.reviewer), "self")
    refused(lambda: services.remove_signer(task=task, by=city.reviewer, user=city.city), "not_member")
    refused(lambda: services.remove_signer_from_step(group=group_of(sequence), by=city.city, user=city.city),
            "not_member")

    quorum = submitted(panel, ReviewerQuorumFlow)  # 2 of the 3 district reviewers
    services.reject_task(task=member_tasks(quorum)["reviewer3"], by=panel.reviewer3, comment="不同意")
    # 2 of 3 with one rejection: without reviewer2 only one approval would be left possible.
    refused(lambda: services.remove_signer_from_step(group=group_of(quorum), by=city.city, user=city.reviewer2),
            "below_quorum")
    assert len(member_tasks(quorum)) == 2


def test_removing_the_last_member_still_to_act_is_refused(panel):
    """Sequence: the owner removes the others one by one; the last one left to act cannot be
    removed, by the owner or by themselves."""
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    for user in (city.reviewer2, panel.reviewer3):
        services.remove_signer_from_step(group=group_of(item), by=city.city, user=user)
    assert [name for name, state in states(item) if state != "removed"] == ["reviewer", "district_head"]
    services.approve_task(task=task, by=city.reviewer)
    head_task = member_tasks(item)["district_head"]
    refused(lambda: services.remove_signer_from_step(group=group_of(item), by=city.city, user=city.district_head),
            "last_pending")
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
    item = submitted(panel, AnySignFlow)  # 或签: a member may add
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
    colleagues(city.reviewer, deputy)  # a proxy must share one of the principal's roles
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


def test_a_refused_person_is_not_named(panel):
    """Attack (#11.7): the owner names any user id to 加签 or 减签 and reads who it is from the
    refusal. The refusal says only that the person is not one to choose."""
    city = panel.city
    stranger = city.reviewer_b  # another district's reviewer: outside the pool, not a member
    group = group_of(submitted(panel, CountersignFlow))
    for call, code in ((lambda: services.add_signer_to_step(group=group, by=city.city, user=stranger.pk),
                        "not_eligible"),
                       (lambda: services.remove_signer_from_step(group=group, by=city.city, user=stranger.pk),
                        "not_member")):
        message = " ".join(refused(call, code).messages)
        assert stranger.username not in message and stranger.full_name not in message
