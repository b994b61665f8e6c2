"""The plan owner's page: every target's case with its stage, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.calendar import deadline_after
from tests.sampleapp.plans import (
    CaseFlow,
    sample_case_file,
    sample_plan_create,
    sample_plan_dispatch,
)
from tests.workflows.engine.plan_helpers import (
    build_plan_city,
    dispatched_plan,
    open_human_task,
)
from tests.workflows.engine.test_fanout import cases_of, finish_case
from workflows.engine.deadlines.services import set_step_deadline
from workflows.engine.exceptions import NotFound
from workflows.engine.fanout import step as fanout
from workflows.engine.models import Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_city(db):
    return build_plan_city()


def read_overview(user, plan):
    """The rows, and the queries it took to read them and everything a page shows of them."""
    with CaptureQueriesContext(connection) as captured:
        rows = fanout.overview(user, plan)
        shown = [(row.target.name, row.child.ref_no, row.stage, row.finished, row.due_at, row.late_by())
                 for row in rows]
    return rows, shown, len(captured)


def test_each_target_shows_its_stage(plan_city):
    plan = dispatched_plan(plan_city, districts=plan_city.districts[:3])
    first, second, third = cases_of(plan)
    sample_case_file(task=open_human_task(second), by=plan_city.staff[second.organisation_id])
    finish_case(plan_city, third)

    rows, shown, _count = read_overview(plan_city.owner, plan)
    assert [(name, stage, finished) for name, _ref, stage, finished, _due, _late in shown] == [
        ("和平区", "区县填报", False), ("沈河区", "市局审核", False), ("大东区", "已办结", True),
    ]
    assert rows[0].task == open_human_task(first)


def test_the_overview_costs_the_same_queries_for_3_or_13_targets(plan_city):
    small = dispatched_plan(plan_city, districts=plan_city.districts[:3], title="小计划")
    large = dispatched_plan(plan_city, title="大计划")
    finish_case(plan_city, cases_of(large)[0])
    _rows, _shown, few = read_overview(plan_city.owner, small)
    rows, _shown, many = read_overview(plan_city.owner, large)
    assert len(rows) == 13
    assert many == few <= 5, (few, many)  # scope, parent, children, open tasks, deadlines
    print(f"overview: {few} queries")


def test_a_district_cannot_read_the_plans_overview(plan_city):
    plan = dispatched_plan(plan_city, districts=plan_city.districts[:2])
    with pytest.raises(NotFound):
        fanout.overview(plan_city.staff[plan_city.districts[0].pk], plan)


def test_each_target_shows_its_deadline_and_how_late_it_is(plan_city):
    plan = dispatched_plan(plan_city, districts=plan_city.districts[:2])
    first, second = cases_of(plan)
    rows = fanout.overview(plan_city.owner, plan)
    due = deadline_after(open_human_task(first).created, 10)  # CaseFlow.file: 10 working days
    assert rows[0].due_at == due
    assert rows[0].late_by(now=due) is None
    assert rows[0].late_by(now=due + timedelta(hours=30)) == timedelta(hours=30)
    # The plan sets its own date for the districts' returns: every open case follows.
    fixed = due - timedelta(days=3)
    set_step_deadline(owner=plan, flow_class=CaseFlow, step="file", by=plan_city.owner, due_at=fixed)
    assert [row.due_at for row in fanout.overview(plan_city.owner, plan)] == [fixed, fixed]
    finish_case(plan_city, second)
    done = fanout.overview(plan_city.owner, plan)[1]
    assert done.finished and done.due_at is None and done.late_by(now=fixed + timedelta(days=9)) is None


def test_a_date_the_plan_sets_before_dispatch_applies_to_every_case(plan_city):
    # The plan is a proxy of Item: the rule must be found whichever class recorded it.
    plan = sample_plan_create(department=plan_city.department, by=plan_city.owner, title="2021年专项督导",
                              targets=plan_city.districts[:2])
    fixed = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    set_step_deadline(owner=plan, flow_class=CaseFlow, step="file", by=plan_city.owner, due_at=fixed)
    sample_plan_dispatch(plan=plan, by=plan_city.owner)
    assert [row.due_at for row in fanout.overview(plan_city.owner, Item.objects.get(pk=plan.pk))] == [fixed, fixed]
