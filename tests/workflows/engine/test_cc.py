"""抄送: people copied by a step or by a task's handler can read the item and are told; they
cannot act on it. Bad recipients are refused and nothing is written."""

from core.audit.models import AuditEvent
from core.orgs.models import Participation, ParticipationReason
from notifications.models import Notification
from tests.sampleapp.copied import CopiedFlow
from tests.workflows.engine.conftest import new_item, open_task, submitted_item
from tests.workflows.engine.test_bad_acts import refused
from workflows.engine import message_kinds as engine_kinds
from workflows.engine import services
from workflows.engine.carbon_copy import rules as carbon_copy
from workflows.engine.carbon_copy.models import CarbonCopy
from workflows.engine.exceptions import NotAllowed, NotFound, TaskClosed, http_status
from workflows.engine.reading import selectors
from workflows.engine.access import visible


def copied_on(item, user) -> bool:
    return Participation.objects.filter(user=user, object_id=item.pk, reason=ParticipationReason.CC).exists()


def test_a_step_copies_whom_it_declares_when_it_opens(city):
    item = new_item(city)
    services.submit_item(item=item, by=city.head, flow_class=CopiedFlow)
    task = open_task(item)
    copy = CarbonCopy.objects.get(item=item)
    assert (copy.recipient, copy.sender, copy.task_id, copy.step) == (city.district_head, None, task.pk,
                                                                       "district_review")
    assert copied_on(item, city.district_head)
    message = Notification.objects.get(recipient=city.district_head, kind=engine_kinds.CC)
    assert message.params["step"] == "区县审核"
    event = AuditEvent.objects.get(object_id=str(item.pk), action="cc")
    assert event.actor is None and event.data["names"] == ["district_head"]


def test_the_handler_copies_people_who_can_then_read_but_not_act(city):
    item = submitted_item(city)
    task = open_task(item)
    assert not visible(city.teacher, item)
    services.cc_task(task=task, by=city.reviewer, users=[city.teacher.pk, city.city_head], note="请知悉。")
    assert visible(city.teacher, item) and copied_on(item, city.teacher)
    copies = CarbonCopy.objects.filter(item=item).order_by("recipient__username")
    assert [(c.recipient, c.sender, c.note) for c in copies] == [
        (city.city_head, city.reviewer, "请知悉。"), (city.teacher, city.reviewer, "请知悉。")]
    for user in (city.teacher, city.city_head):
        message = Notification.objects.get(recipient=user, kind=engine_kinds.CC)
        assert message.params["note"] == "请知悉。"
    assert [c.item.pk for c in carbon_copy.copied_to(city.teacher)] == [item.pk]
    assert selectors.get_item_for(city.teacher, item.pk).pk == item.pk
    # A copy is for reading: every act on the task is refused (403: they can see the item).
    for act, kwargs in ((services.claim_task, {}), (services.approve_task, {}),
                        (services.reject_task, {"comment": "不行"}),
                        (services.return_task, {"to": "revise", "comment": "补"}),
                        (services.transfer_task, {"to": city.reviewer2}),
                        (services.delegate_task, {"to": city.reviewer2}),
                        (services.cc_task, {"users": [city.reviewer2]}),
                        (services.complete_delegation, {"comment": "x"}), (services.recall_delegation, {})):
        refused(item, NotAllowed, act, task=task, by=city.teacher, **kwargs)
    refused(item, NotAllowed, services.withdraw_item, item=item, by=city.teacher)
    assert selectors.todo(city.teacher) == []


def test_whom_a_handler_may_copy(city):
    item = submitted_item(city)
    task = open_task(item)
    names = {c.user.username for c in carbon_copy.candidates(task, item, city.reviewer)}
    # The school, its district, the bureau and the owning department; not the other district.
    assert names == {"head", "teacher", "reviewer2", "district_head", "city", "city_head"}


def test_bad_recipients_are_refused_and_nothing_is_written(city):
    item = submitted_item(city)
    task = open_task(item)
    services.cc_task(task=task, by=city.reviewer, users=[city.city_head])
    for users, code in (([], "users_required"), (None, "users_required"), ([city.reviewer], "users_not_allowed"),
                        ([city.city_head], "users_not_allowed"), ([city.head_b], "users_not_allowed"),
                        ([city.teacher, 999999], "users_not_allowed"), (["abc"], "users_not_allowed")):
        exc = refused(item, Exception, services.cc_task, task=task, by=city.reviewer, users=users)
        assert http_status(exc) == 400 and exc.error_dict["users"][0].code == code, users
    exc = refused(item, Exception, services.cc_task, task=task, by=city.reviewer, users=[city.teacher],
                  note="长" * 2001)
    assert "note" in exc.error_dict


def test_who_may_copy(city):
    item = submitted_item(city)
    task = open_task(item)
    refused(item, NotFound, services.cc_task, task=task, by=city.reviewer_b, users=[city.teacher])
    refused(item, NotAllowed, services.cc_task, task=task, by=city.district_head, users=[city.teacher])
    refused(item, NotAllowed, services.cc_task, task=task, by=city.head, users=[city.teacher])
    services.approve_task(task=task, by=city.reviewer)
    exc = refused(item, TaskClosed, services.cc_task, task=task, by=city.reviewer, users=[city.teacher])
    assert http_status(exc) == 409
