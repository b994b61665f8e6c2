"""Extension requests refused with a clear error and nothing written: bad dates and reasons, a
second pending request, a finished task, someone who is not the handler or not the approver,
and a request decided twice."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.deadline_helpers import deadline, pending_reminders
from tests.workflows.engine.extension_helpers import (  # noqa: F401 - city is a fixture
    ASKED_AT,
    DECIDED_AT,
    EVE_OF_NATIONAL_DAY,
    FIRST_DUE,
    ask,
    city,
    claimed_review,
)
from workflows.engine import services
from workflows.engine.deadlines.extension_models import ExtensionRequest, ExtensionState
from workflows.engine.deadlines.extension_services import (
    grant_extension,
    refuse_extension,
)
from workflows.engine.exceptions import (
    Conflict,
    InvalidState,
    NotAllowed,
    NotFound,
    TaskClosed,
)


def _nothing_written(task, reminders):
    assert deadline(task).due_at == FIRST_DUE and pending_reminders(task) == reminders
    assert not AuditEvent.objects.filter(action__startswith="extension_").exists()
    assert not Notification.objects.filter(key__contains=":extension:").exists()


@pytest.mark.parametrize(("day", "reason", "field", "code"), [
    (datetime.date(2021, 10, 8), "延期", "due_date", "past"),  # asked for on the evening of that day
    (datetime.date(2021, 10, 11), "延期", "due_date", "past"),
    (datetime.date(2021, 10, 13), "延期", "due_date", "not_later"),  # the current due date itself
    (datetime.date(2021, 10, 12), "延期", "due_date", "not_later"),  # before it
    ("2021-10-20", "延期", "due_date", "invalid"),
    (datetime.date(2021, 10, 20), "   ", "reason", "required"),
    (datetime.date(2021, 10, 20), "长" * 2001, "reason", "max_length"),
])
def test_bad_input_is_a_field_error_and_writes_nothing(city, day, reason, field, code):
    _item, task = claimed_review(city)
    reminders = pending_reminders(task)
    at = datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=ASKED_AT.tzinfo) if code == "past" else ASKED_AT
    with pytest.raises(ValidationError) as caught:
        ask(city, task, day=day, reason=reason, at=at)
    assert caught.value.error_dict[field][0].code == code
    _nothing_written(task, reminders)


def test_a_second_pending_request_is_refused(city):
    _item, task = claimed_review(city)
    ask(city, task)
    with pytest.raises(InvalidState):
        ask(city, task, day=datetime.date(2021, 10, 22))
    assert ExtensionRequest.objects.filter(task=task).count() == 1


def test_a_finished_task_cannot_be_extended(city):
    item, task = claimed_review(city)
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        services.approve_task(task=task, by=city.reviewer)
    with pytest.raises(TaskClosed):
        ask(city, task)
    assert pending_reminders(task) == {}
    assert not ExtensionRequest.objects.exists()
    assert open_task(item).pk != task.pk


def test_only_the_handler_may_ask(city):
    _item, task = claimed_review(city)
    reminders = pending_reminders(task)
    with pytest.raises(NotAllowed):  # the other reviewer of the district: sees it, not theirs
        ask(city, task, by=city.reviewer2)
    with pytest.raises(NotFound):  # another district's reviewer does not see it at all
        ask(city, task, by=city.reviewer_b)
    _nothing_written(task, reminders)


def test_a_queued_task_must_be_claimed_before_asking(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        item = submitted_item(city)
    task = open_task(item)
    with pytest.raises(NotAllowed, match="认领"):
        ask(city, task)
    _nothing_written(task, pending_reminders(task))


def test_only_the_approver_may_decide_and_not_on_their_own_request(city):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        with pytest.raises(NotAllowed):
            grant_extension(extension=extension, by=city.reviewer)  # the requester
        with pytest.raises(NotAllowed):
            refuse_extension(extension=extension, by=city.district_head, comment="否")  # sees it, not the approver
        with pytest.raises(NotFound):
            grant_extension(extension=extension, by=city.head_b)  # another district's school
        with pytest.raises(NotFound):
            grant_extension(extension=10**9, by=city.city)
    assert ExtensionRequest.objects.get(pk=extension.pk).state == ExtensionState.PENDING
    assert deadline(task).due_at == FIRST_DUE
    assert not AuditEvent.objects.filter(action__in=["extension_granted", "extension_refused", "deadline_moved"])


def test_deciding_twice_is_a_conflict(city):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        grant_extension(extension=extension, by=city.city)
        for decide in (lambda: grant_extension(extension=extension, by=city.city),
                       lambda: refuse_extension(extension=extension, by=city.city, comment="不同意")):
            with pytest.raises(Conflict):
                decide()
    assert AuditEvent.objects.filter(action="deadline_moved").count() == 1
    assert deadline(task).revision == 2


def test_refusing_needs_a_comment_and_granting_a_later_date(city):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        with pytest.raises(ValidationError) as caught:
            refuse_extension(extension=extension, by=city.city, comment=" ")
        assert caught.value.error_dict["comment"][0].code == "required"
        with pytest.raises(ValidationError) as caught:
            grant_extension(extension=extension, by=city.city, due_date=datetime.date(2021, 10, 13))
        assert caught.value.error_dict["due_date"][0].code == "not_later"
    assert ExtensionRequest.objects.get(pk=extension.pk).state == ExtensionState.PENDING
    assert deadline(task).due_at == FIRST_DUE


def test_a_moot_request_cannot_be_decided(city):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        services.approve_task(task=task, by=city.reviewer)
        with pytest.raises(TaskClosed):
            grant_extension(extension=extension, by=city.city)
    assert ExtensionRequest.objects.get(pk=extension.pk).state == ExtensionState.PENDING
