"""On PostgreSQL: the last cases of a plan finishing at the same moment all succeed (they queue
briefly on the plan's process instead of failing), and the plan completes exactly once."""

import pytest

from core.audit.models import AuditEvent
from tests.sampleapp.plan_models import SamplePlan
from tests.sampleapp.plans import sample_case_file
from tests.threads import run_together
from tests.workflows.engine.plan_helpers import build_plan_city, dispatched_plan, open_human_task
from tests.workflows.engine.test_fanout import cases_of, fanout_task
from workflows.engine import services
from workflows.engine.models import Item

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_thirteen_cases_closing_at_once_complete_the_plan_once(on_postgres):
    city = build_plan_city()
    plan = dispatched_plan(city)
    cases = cases_of(plan)
    for case in cases:
        sample_case_file(task=open_human_task(case), by=city.staff[case.organisation_id])
    checks = [open_human_task(case).pk for case in cases]
    checkers = [city.checker, city.owner]

    results, errors = run_together(
        lambda i: services.approve_task(task=checks[i], by=checkers[i % 2], comment="同意。"), len(checks)
    )

    assert errors == [] and len(results) == 13
    assert Item.objects.get(pk=plan.pk).status == SamplePlan.Status.COMPLETED
    assert fanout_task(plan).status == "DONE"
    assert AuditEvent.objects.filter(action="children_done").count() == 1
