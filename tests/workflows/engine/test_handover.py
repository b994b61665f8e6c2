"""转办 and 委派: a task handed to a colleague for good, or lent and handed back; who may, to whom,
and what the new holder gets (the task, the item, a message, the reminders)."""

import pytest
from viewflow.workflow.status import STATUS

from core.audit.models import AuditEvent
from core.orgs.models import Participation, ParticipationReason
from core.orgs.roles import Role
from core.orgs.services import grant_role
from notifications.models import Notification
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from tests.workflows.engine.test_bad_acts import refused
from workflows.engine import message_kinds as engine_kinds
from workflows.engine import services
from workflows.engine.exceptions import (
    InvalidState,
    NotAllowed,
    NotFound,
    TaskClosed,
    http_status,
)
from workflows.engine.handover.rules import candidates
from workflows.engine.reading import selectors


def participates(user, item) -> bool:
    return Participation.objects.filter(user=user, object_id=item.pk, reason=ParticipationReason.ASSIGNEE).exists()


def last_event(item):
    return AuditEvent.objects.filter(object_id=str(item.pk)).order_by("-seq").first()


def test_a_queue_member_transfers_a_queued_task_to_a_colleague(city):
    item = submitted_item(city)
    task = open_task(item)
    services.transfer_task(task=task, by=city.reviewer, to=city.reviewer2, comment="我下周出差，请王老师办理。")
    task.refresh_from_db()
    assert (task.owner, task.status) == (city.reviewer2, STATUS.ASSIGNED)
    assert participates(city.reviewer2, item)
    assert [entry.task.pk for entry in selectors.my_tasks(city.reviewer2)] == [task.pk]
    assert selectors.todo(city.reviewer) == []  # no longer in the queue either: it is owned
    event = last_event(item)
    assert (event.action, event.actor, event.comment) == ("transfer", city.reviewer, "我下周出差，请王老师办理。")
    assert event.data["to"] == city.reviewer2.pk and event.data["from"] is None
    message = Notification.objects.get(recipient=city.reviewer2, key=f"task:{task.pk}:transfer:{event.pk}")
    assert message.kind == engine_kinds.TASK_ASSIGNED
    # The new owner decides; the one who handed it over no longer may.
    refused(item, NotAllowed, services.approve_task, task=task, by=city.reviewer)
    services.approve_task(task=task, by=city.reviewer2)
    assert reload(item).status == "city_review"


def test_the_owner_transfers_a_claimed_task_and_it_can_come_back(city):
    item = submitted_item(city)
    task = open_task(item)
    services.claim_task(task=task, by=city.reviewer)
    services.transfer_task(task=task, by=city.reviewer, to=city.reviewer2)
    services.transfer_task(task=task, by=city.reviewer2, to=city.reviewer)
    task.refresh_from_db()
    assert task.owner == city.reviewer
    # Each hand-over is its own message, even to someone who had the task before.
    assert Notification.objects.filter(recipient=city.reviewer2, key__contains=":transfer:").count() == 1
    assert Notification.objects.filter(recipient=city.reviewer, key__contains=":transfer:").count() == 1


def test_whom_a_task_may_go_to(city):
    item = submitted_item(city)
    task = open_task(item)
    # The queue's role at the queue's organisation, minus oneself and the submitter.
    assert [c.user for c in candidates(task, item, city.reviewer)] == [city.reviewer2]
    assert candidates(task, item, city.reviewer)[0].label == "reviewer2 · 和平区 · 区县审核员"


def test_bad_targets_are_refused_and_nothing_is_written(city):
    item = submitted_item(city)
    task = open_task(item)
    for act in (services.transfer_task, services.delegate_task):
        for to, code in ((city.reviewer, "to_self"), (city.head, "to_submitter"),
                         (city.district_head, "to_not_eligible"), (city.reviewer_b, "to_not_eligible"),
                         (city.city, "to_not_eligible"), (None, "to_required"), (999999, "to_required")):
            exc = refused(item, Exception, act, task=task, by=city.reviewer, to=to)
            assert http_status(exc) == 400, (act, to)
            assert exc.error_dict["to"][0].code == code, (act, to)


def test_the_submitter_is_never_a_target_even_holding_the_role(city):
    grant_role(user=city.head, role=Role.DISTRICT_REVIEWER, organisation=city.district_a)
    item = submitted_item(city)  # the submitter holds the role: the step goes up to the city
    task = open_task(item)
    grant_role(user=city.reviewer, role=Role.CITY_REVIEWER, organisation=city.department)
    assert city.head not in [c.user for c in candidates(task, item, city.city)]
    exc = refused(item, Exception, services.transfer_task, task=task, by=city.city, to=city.head)
    assert exc.error_dict["to"][0].code == "to_submitter"
    assert "申报人" in str(exc)


def test_who_may_transfer(city):
    item = submitted_item(city)
    task = open_task(item)
    refused(item, NotFound, services.transfer_task, task=task, by=city.reviewer_b, to=city.reviewer2)
    refused(item, NotAllowed, services.transfer_task, task=task, by=city.district_head, to=city.reviewer2)
    refused(item, NotAllowed, services.transfer_task, task=task, by=city.head, to=city.reviewer2)
    services.claim_task(task=task, by=city.reviewer)
    exc = refused(item, NotAllowed, services.transfer_task, task=task, by=city.reviewer2, to=city.reviewer2)
    assert "认领" in str(exc)


def test_a_closed_task_is_not_handed_over(city):
    item = submitted_item(city)
    task = open_task(item)
    services.approve_task(task=task, by=city.reviewer)
    for act in (services.transfer_task, services.delegate_task):
        exc = refused(item, TaskClosed, act, task=task, by=city.reviewer, to=city.reviewer2)
        assert http_status(exc) == 409


def test_the_submitters_revision_is_not_handed_over(city):
    item = submitted_item(city)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充。")
    revise = open_task(item)
    grant_role(user=city.teacher, role=Role.SCHOOL_HEAD, organisation=city.school_a)
    exc = refused(item, NotAllowed, services.transfer_task, task=revise, by=city.head, to=city.teacher)
    assert "申报人本人" in str(exc)
    assert candidates(revise, item, city.head) == []


def test_delegation_round_trip(city):
    item = submitted_item(city)
    task = open_task(item)
    services.delegate_task(task=task, by=city.reviewer, to=city.reviewer2, comment="请先核对学生人数。")
    task.refresh_from_db()
    assert task.owner == city.reviewer2 and task.data["delegation"] == {
        "handler": city.reviewer.pk, "delegate": city.reviewer2.pk}
    assert [entry.task.pk for entry in selectors.my_tasks(city.reviewer2)] == [task.pk]
    assert Notification.objects.filter(recipient=city.reviewer2, key__contains=":delegate:").exists()

    # The delegate may only hand it back; the handler waits.
    for act, kwargs in ((services.approve_task, {}), (services.reject_task, {"comment": "不行"}),
                        (services.return_task, {"to": "revise", "comment": "补"}),
                        (services.transfer_task, {"to": city.reviewer}),
                        (services.delegate_task, {"to": city.reviewer}),
                        (services.unclaim_task, {}), (services.recall_delegation, {})):
        exc = refused(item, NotAllowed, act, task=task, by=city.reviewer2, **kwargs)
        assert "委派给您" in str(exc), act
    exc = refused(item, NotAllowed, services.approve_task, task=task, by=city.reviewer)
    assert "已委派给reviewer2" in str(exc)
    refused(item, NotAllowed, services.complete_delegation, task=task, by=city.reviewer, comment="我自己交回")
    refused(item, NotAllowed, services.complete_delegation, task=task, by=city.district_head, comment="x")
    refused(item, NotFound, services.complete_delegation, task=task, by=city.reviewer_b, comment="x")
    exc = refused(item, Exception, services.complete_delegation, task=task, by=city.reviewer2, comment=" ")
    assert http_status(exc) == 400 and "comment" in exc.error_dict

    services.complete_delegation(task=task, by=city.reviewer2, comment="人数核对无误。")
    task.refresh_from_db()
    assert task.owner == city.reviewer and "delegation" not in task.data
    event = last_event(item)
    assert (event.action, event.actor, event.comment) == ("delegation_done", city.reviewer2, "人数核对无误。")
    assert Notification.objects.filter(recipient=city.reviewer, key__contains=":delegation_done:").exists()
    # Handed back twice: the delegation is over (409).
    exc = refused(item, InvalidState, services.complete_delegation, task=task, by=city.reviewer2, comment="再交")
    assert http_status(exc) == 409
    services.approve_task(task=task, by=city.reviewer)
    assert reload(item).status == "city_review"


def test_the_handler_recalls_a_delegation(city):
    item = submitted_item(city)
    task = open_task(item)
    services.claim_task(task=task, by=city.reviewer)
    services.delegate_task(task=task, by=city.reviewer, to=city.reviewer2)
    services.recall_delegation(task=task, by=city.reviewer, comment="情况有变，我来办。")
    task.refresh_from_db()
    assert task.owner == city.reviewer and "delegation" not in task.data
    assert last_event(item).action == "delegation_recalled"
    assert selectors.my_tasks(city.reviewer2) == []
    refused(item, NotAllowed, services.approve_task, task=task, by=city.reviewer2)
    services.approve_task(task=task, by=city.reviewer)


@pytest.mark.parametrize("act", ["transfer_task", "delegate_task"])
def test_an_overlong_comment_is_refused(city, act):
    item = submitted_item(city)
    exc = refused(item, Exception, getattr(services, act), task=open_task(item), by=city.reviewer, to=city.reviewer2,
                  comment="长" * 2001)
    assert "comment" in exc.error_dict


def test_withdrawing_a_delegated_item_tells_the_delegate_and_the_handler(city):
    item = submitted_item(city)
    task = open_task(item)
    services.delegate_task(task=task, by=city.reviewer, to=city.reviewer2)
    services.withdraw_item(item=item, by=city.head, comment="材料有误，先撤回。")
    told = set(Notification.objects.filter(kind=engine_kinds.WITHDRAWN).values_list("recipient__username", flat=True))
    # Both were waiting on it: the delegate to answer, the handler to decide after the answer.
    assert told == {"reviewer2", "reviewer"}
