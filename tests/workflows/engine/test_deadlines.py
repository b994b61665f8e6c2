"""Deadlines of open tasks: counted in working days on the official calendar (调休 included), or a
campaign's fixed date; moved by an extension with the timeout and the reminders following."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from core.audit.models import AuditEvent
from tests.sampleapp.flows import ApplicationFlow
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.conftest import new_item, open_task, submitted_item
from tests.workflows.engine.deadline_helpers import (
    EVE_OF_NATIONAL_DAY,
    deadline,
    local,
    pending_reminders,
    returned_item,
    timer_of,
)
from workflows.engine import services
from workflows.engine.deadlines.models import DeadlineSource, StepDeadlineRule
from workflows.engine.deadlines.services import move_deadline, set_step_deadline
from workflows.engine.exceptions import TaskClosed


@pytest.fixture
def city(city_on_the_eve):
    return city_on_the_eve


def test_a_step_is_due_after_its_working_days_across_the_national_day_holiday(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        item = submitted_item(city)
    task = open_task(item)
    row = deadline(task)
    # 8 Oct (1), Sat 9 Oct make-up day (2), 11 (3), 12 (4), 13 (5): 17:30 local on the 13th.
    assert row.due_at == local(2021, 10, 13, 17, 30)
    assert (row.source, row.working_days, row.pending_year, row.policy.code) == (
        DeadlineSource.WORKING_DAYS, 5, None, "default"
    )
    # The default policy: 09:00 three and one working days before, and on the day.
    assert pending_reminders(task) == {
        f"task:{task.pk}:due1:reminder:3": local(2021, 10, 9, 9, 0),
        f"task:{task.pk}:due1:reminder:1": local(2021, 10, 12, 9, 0),
        f"task:{task.pk}:due1:reminder:0": local(2021, 10, 13, 9, 0),
    }


def test_the_next_step_counts_from_when_it_opens_and_the_closed_step_stops_reminding(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        item = submitted_item(city)
    first = open_task(item)
    with time_machine.travel(local(2021, 10, 8, 16, 0), tick=False):
        services.approve_task(task=first, by=city.reviewer)
    second = open_task(item)
    assert deadline(second).due_at == local(2021, 10, 21, 17, 30)  # city review: 10 working days
    assert pending_reminders(first) == {}
    assert len(pending_reminders(second)) == 3


def campaign_limiting(city, step, *, name="2021年度", **limit):
    campaign = make_campaign(owner_department=city.department, name=name)
    set_step_deadline(owner=campaign, flow_class=ApplicationFlow, step=step, by=city.city, **limit)
    return campaign


def submitted_for(city, campaign, *, title="新优质学校申报"):
    item = new_item(city, title=title)
    services.submit_item(item=item, by=city.head, flow_class=ApplicationFlow, deadline_owner=campaign)
    return item


def test_a_campaign_can_set_a_fixed_date_for_a_step(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        campaign = campaign_limiting(city, "district_review", due_at=local(2021, 10, 20, 12, 0))
        item = submitted_for(city, campaign)
    row = deadline(open_task(item))
    assert (row.source, row.due_at, row.working_days) == (DeadlineSource.FIXED_DATE, local(2021, 10, 20, 12, 0), None)
    assert row.rule == StepDeadlineRule.objects.get()


def test_a_campaign_can_set_its_own_working_days_and_other_campaigns_keep_the_steps(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        campaign = campaign_limiting(city, "district_review", working_days=2)
        other = make_campaign(owner_department=city.department, name="2021年度第二批")
        mine, theirs = submitted_for(city, campaign), submitted_for(city, other, title="另一份申报")
    assert deadline(open_task(mine)).due_at == local(2021, 10, 9, 17, 30)
    assert deadline(open_task(theirs)).due_at == local(2021, 10, 13, 17, 30)


def test_editing_a_campaigns_date_moves_the_open_tasks_timeout_and_reminders(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        campaign = campaign_limiting(city, "revise", due_at=local(2021, 10, 15, 17, 30))
        item = submitted_for(city, campaign)
        services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充材料。")
    revise = open_task(item)
    assert timer_of(revise).scheduled == local(2021, 10, 15, 17, 30)
    assert f"task:{revise.pk}:due1:reminder:1" in pending_reminders(revise)

    with time_machine.travel(local(2021, 10, 8, 9, 30), tick=False):
        set_step_deadline(owner=campaign, flow_class=ApplicationFlow, step="revise", by=city.city,
                          due_at=local(2021, 10, 29, 17, 30))
    row = deadline(revise)
    assert (row.due_at, row.revision) == (local(2021, 10, 29, 17, 30), 2)
    assert timer_of(revise).scheduled == local(2021, 10, 29, 17, 30)
    assert pending_reminders(revise) == {
        f"task:{revise.pk}:due2:reminder:3": local(2021, 10, 26, 9, 0),
        f"task:{revise.pk}:due2:reminder:1": local(2021, 10, 28, 9, 0),
        f"task:{revise.pk}:due2:reminder:0": local(2021, 10, 29, 9, 0),
    }
    event = AuditEvent.objects.filter(action="step_deadline_set").latest("seq")
    assert event.data["tasks"] == 1 and event.data["step"].endswith("ApplicationFlow.revise")


def test_set_step_deadline_refuses_bad_input_and_writes_nothing(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        campaign = make_campaign(owner_department=city.department)
        cases = [
            {"step": "nowhere", "working_days": 3},
            {"step": "approved", "working_days": 3},
            {"step": "district_review"},
            {"step": "district_review", "working_days": 3, "due_at": local(2021, 10, 20, 12, 0)},
            {"step": "district_review", "working_days": 0},
            {"step": "district_review", "working_days": 251},
            {"step": "district_review", "due_at": local(2021, 9, 1, 12, 0)},
            {"step": "district_review", "due_at": datetime.datetime(2021, 10, 20, 12, 0)},
        ]
        for case in cases:
            with pytest.raises(ValidationError):
                set_step_deadline(owner=campaign, flow_class=ApplicationFlow, by=city.city, **case)
    assert not StepDeadlineRule.objects.exists()


def test_moving_a_deadline_rearms_the_timeout_and_reminds_again_with_new_keys(city):
    item = returned_item(city, at=EVE_OF_NATIONAL_DAY)
    revise = open_task(item)
    assert deadline(revise).due_at == local(2021, 10, 20, 17, 30)  # 10 working days
    assert timer_of(revise).scheduled == local(2021, 10, 20, 17, 30)

    with time_machine.travel(local(2021, 10, 18, 10, 0), tick=False), CaptureQueriesContext(connection) as queries:
        moved = move_deadline(task=revise, due_at=local(2021, 10, 27, 17, 30), by=city.reviewer,
                              reason="学校申请延期，同意延长一周。")
    # The calendar is read once for the deadline's every reminder and escalation, not per step.
    assert sum("workcalendar" in query["sql"] for query in queries.captured_queries) == 1
    assert (moved.due_at, moved.source, moved.revision) == (local(2021, 10, 27, 17, 30), DeadlineSource.MOVED, 2)
    assert timer_of(revise).scheduled == local(2021, 10, 27, 17, 30)
    assert pending_reminders(revise) == {
        f"task:{revise.pk}:due2:reminder:3": local(2021, 10, 22, 9, 0),
        f"task:{revise.pk}:due2:reminder:1": local(2021, 10, 26, 9, 0),
        f"task:{revise.pk}:due2:reminder:0": local(2021, 10, 27, 9, 0),
    }
    event = AuditEvent.objects.filter(action="deadline_moved").get()
    assert event.comment == "学校申请延期，同意延长一周。" and event.actor == city.reviewer
    assert event.data["from"] == local(2021, 10, 20, 17, 30).isoformat()


def test_move_deadline_refuses_bad_input_and_writes_nothing(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        item = submitted_item(city)
        task = open_task(item)
        before = (deadline(task).due_at, pending_reminders(task))
        cases = [
            {"due_at": local(2021, 10, 27, 17, 30), "reason": "  "},
            {"due_at": datetime.datetime(2021, 10, 27, 17, 30), "reason": "延期"},
            {"due_at": local(2021, 9, 29, 17, 30), "reason": "延期"},
            {"due_at": "2021-10-27", "reason": "延期"},
        ]
        for case in cases:
            with pytest.raises(ValidationError):
                move_deadline(task=task, by=city.city, **case)
        services.approve_task(task=task, by=city.reviewer)
        with pytest.raises(TaskClosed):
            move_deadline(task=task, due_at=local(2021, 10, 27, 17, 30), by=city.city, reason="延期")
    assert (deadline(task).due_at, pending_reminders(task)) == (before[0], {})
    assert not AuditEvent.objects.filter(action="deadline_moved").exists()


def test_a_task_whose_step_has_no_limit_gets_a_deadline_when_moved(city):
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        item = submitted_item(city)
        task = open_task(item)
        deadline(task).delete()
        moved = move_deadline(task=task, due_at=local(2021, 10, 27, 17, 30), by=city.city, reason="指定期限")
    assert (moved.revision, moved.policy.code) == (1, "default")
    assert len(pending_reminders(Task.objects.get(pk=task.pk))) == 3
