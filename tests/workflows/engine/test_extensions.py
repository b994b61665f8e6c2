"""Extension requests (延期申请): the handler asks, the step's approver grants (the deadline, its
timeout and its reminders move) or refuses (nothing moves); both sides hear about it."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.orgs.models import User
from core.orgs.roles import Role
from core.orgs.services import grant_role
from notifications.models import Notification, ScheduledReminder, ScheduleState
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.deadline_helpers import (
    deadline,
    local,
    pending_reminders,
    returned_item,
    timer_of,
)
from tests.workflows.engine.extension_helpers import (  # noqa: F401 - city is a fixture
    ASKED_DAY,
    DECIDED_AT,
    EVE_OF_NATIONAL_DAY,
    FIRST_DUE,
    ask,
    city,
    claimed_review,
)
from workflows.engine import services
from workflows.engine.assignment import ITEM_DISTRICT, OWNING_DEPARTMENT, Person, RoleAt
from workflows.engine.deadlines.extension_models import ExtensionRequest, ExtensionState
from workflows.engine.deadlines.extension_services import (
    grant_extension,
    refuse_extension,
)
from workflows.engine.deadlines.extensions import approver_of
from workflows.engine.deadlines.models import DeadlineSource


def test_a_request_waits_for_the_owning_departments_reviewer_who_is_told(city):
    item, task = claimed_review(city)
    extension = ask(city, task)
    assert (extension.state, extension.current_due_at, extension.requested_due_at) == (
        ExtensionState.PENDING, FIRST_DUE, local(2021, 10, 20, 17, 30)
    )
    assert (extension.approver_role, extension.approver_organisation, extension.approver_user) == (
        Role.CITY_REVIEWER, city.department, None
    )
    message = Notification.objects.get(key=f"item:{item.pk}:extension:{extension.pk}:requested:{city.city.pk}")
    assert message.params["deadline"] == local(2021, 10, 20, 17, 30).isoformat()
    assert message.params["reason"] == "材料需补充核实，申请延期一周。"
    event = AuditEvent.objects.get(action="extension_requested")
    assert (event.actor, event.comment, event.data["to"]) == (
        city.reviewer, "材料需补充核实，申请延期一周。", local(2021, 10, 20, 17, 30).isoformat()
    )
    assert deadline(task).due_at == FIRST_DUE  # nothing moves before the decision


def test_granting_moves_the_deadline_rearms_the_timeout_and_replans_the_reminders(city):
    item = returned_item(city, at=EVE_OF_NATIONAL_DAY)
    revise = open_task(item)  # the school's revision: 10 working days, lapses on timeout
    assert (deadline(revise).due_at, timer_of(revise).scheduled) == (local(2021, 10, 20, 17, 30),) * 2
    old_keys = set(pending_reminders(revise))
    extension = ask(city, revise, by=city.head, day=datetime.date(2021, 10, 27), at=local(2021, 10, 18, 10, 0))
    assert extension.approver_role == Role.CITY_REVIEWER  # the submitter's step: the department decides

    with time_machine.travel(local(2021, 10, 19, 10, 0), tick=False):
        granted = grant_extension(extension=extension.pk, by=city.city, comment="同意延期一周。")

    assert (granted.state, granted.granted_due_at, granted.decided_by) == (
        ExtensionState.GRANTED, local(2021, 10, 27, 17, 30), city.city
    )
    row = deadline(revise)
    assert (row.due_at, row.source, row.revision) == (local(2021, 10, 27, 17, 30), DeadlineSource.MOVED, 2)
    assert timer_of(revise).scheduled == local(2021, 10, 27, 17, 30)
    # Reminders following an extension: the old ones are cancelled, new ones count back from the new date.
    assert set(ScheduledReminder.objects.filter(key__in=old_keys).values_list("state", flat=True)) == {
        ScheduleState.CANCELLED
    }
    assert pending_reminders(revise) == {
        f"task:{revise.pk}:due2:reminder:3": local(2021, 10, 22, 9, 0),
        f"task:{revise.pk}:due2:reminder:1": local(2021, 10, 26, 9, 0),
        f"task:{revise.pk}:due2:reminder:0": local(2021, 10, 27, 9, 0),
    }
    actions = list(AuditEvent.objects.filter(action__startswith="extension_").order_by("seq").values_list("action", "actor"))
    assert actions == [("extension_requested", city.head.pk), ("extension_granted", city.city.pk)]
    assert AuditEvent.objects.get(action="deadline_moved").comment == "同意延期一周。"
    told = Notification.objects.get(key=f"item:{item.pk}:extension:{extension.pk}:granted")
    assert (told.recipient, told.params["deadline"]) == (city.head, local(2021, 10, 27, 17, 30).isoformat())


def test_the_approver_may_grant_another_date_than_the_one_asked_for(city):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        granted = grant_extension(extension=extension, by=city.city, due_date=datetime.date(2021, 10, 15))
    assert granted.granted_due_at == deadline(task).due_at == local(2021, 10, 15, 17, 30)
    assert AuditEvent.objects.get(action="deadline_moved").comment == "同意延期申请：材料需补充核实，申请延期一周。"


def test_refusing_leaves_the_deadline_timer_and_reminders_as_they_were(city):
    item = returned_item(city, at=EVE_OF_NATIONAL_DAY)
    revise = open_task(item)
    before = (deadline(revise).due_at, deadline(revise).revision, timer_of(revise).scheduled, pending_reminders(revise))
    extension = ask(city, revise, by=city.head, day=datetime.date(2021, 10, 27), at=local(2021, 10, 18, 10, 0))
    with time_machine.travel(local(2021, 10, 19, 10, 0), tick=False):
        refused = refuse_extension(extension=extension, by=city.city, comment="时间充裕，请按期完成。")
    assert (refused.state, refused.decision_comment, refused.granted_due_at) == (
        ExtensionState.REFUSED, "时间充裕，请按期完成。", None
    )
    after = (deadline(revise).due_at, deadline(revise).revision, timer_of(revise).scheduled, pending_reminders(revise))
    assert after == before
    assert not AuditEvent.objects.filter(action="deadline_moved").exists()
    assert AuditEvent.objects.get(action="extension_refused").comment == "时间充裕，请按期完成。"
    assert Notification.objects.get(key=f"item:{item.pk}:extension:{extension.pk}:refused").recipient == city.head


def test_after_a_decision_the_handler_may_ask_again(city):
    _item, task = claimed_review(city)
    first = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        refuse_extension(extension=first, by=city.city, comment="不同意。")
    second = ask(city, task, day=datetime.date(2021, 10, 15), at=DECIDED_AT)
    assert second.state == ExtensionState.PENDING and second.pk != first.pk


def test_a_city_steps_request_goes_to_the_department_head(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        _item, task = claimed_review(city)
        services.approve_task(task=task, by=city.reviewer)
    city_task = open_task(_item)
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        services.claim_task(task=city_task, by=city.city)
    extension = ask(city, city_task, by=city.city, day=datetime.date(2021, 10, 29))
    assert (extension.approver_role, extension.approver_organisation) == (Role.CITY_HEAD, city.department)


def test_where_the_approver_would_be_the_requester_it_goes_one_level_up(city):
    both = User.objects.create_user(username="both", full_name="both")
    grant_role(user=both, role=Role.DISTRICT_REVIEWER, organisation=city.district_a)
    grant_role(user=both, role=Role.CITY_REVIEWER, organisation=city.department)
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        _item, task = claimed_review(city)
        services.unclaim_task(task=task, by=city.reviewer)
        services.claim_task(task=task, by=both)
    extension = ask(city, task, by=both)
    assert (extension.approver_role, extension.approver_organisation) == (Role.CITY_HEAD, city.department)


def test_a_request_pending_when_its_task_closes_is_moot(city):
    item, task = claimed_review(city)
    extension = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        services.approve_task(task=task, by=city.reviewer)
    assert ExtensionRequest.objects.with_state().get(pk=extension.pk).effective_state == ExtensionState.CANCELLED
    assert ExtensionRequest.objects.get(pk=extension.pk).shown_state == ExtensionState.CANCELLED
    assert not ExtensionRequest.objects.live().exists()
    assert reload(item).status == "city_review"


def test_a_step_may_name_its_own_approver_and_nobody_above_is_a_clear_error(city):
    item, _task = claimed_review(city)
    by_district_head = SimpleNamespace(extension_approver=RoleAt(Role.DISTRICT_HEAD, ITEM_DISTRICT))
    found = approver_of(by_district_head, item, city.reviewer)
    assert (found.role, found.organisation, found.holders) == (Role.DISTRICT_HEAD, city.district_a, (city.district_head,))
    named = SimpleNamespace(extension_approver=Person(lambda item: city.city_head, "处长"))
    assert approver_of(named, item, city.reviewer).owner == city.city_head
    with pytest.raises(ValidationError) as caught:  # the named approver asks: there is no one above a person
        approver_of(named, item, city.city_head)
    assert caught.value.code == "no_approver"
    city_step = SimpleNamespace(extension_approver=None, actor=RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT))
    with pytest.raises(ValidationError):  # the department head asks on a city step: nobody above them
        approver_of(city_step, item, city.city_head)
