"""What the item page and the API offer is exactly what the services accept.

For sample items standing at every kind of step (a queue, a claimed task, a proxy's principal's
task, a returned item, a list step, a multi-person step), every person of the test city is asked:
which acts does the item page offer them, which does GET /api/v1/tasks/{id}/ list, and which
does the service perform when they try (each try rolled back)? The three sets must be equal.
A page that offers what the service refuses, or hides what it allows, fails here.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from viewflow.workflow.models import Task

from core.orgs.roles import Role
from tests.sampleapp.panels import CountersignFlow
from tests.workflows.api.helpers import client_for as api_client
from tests.workflows.engine.batch_helpers import (
    recommendation_campaign,
    waiting_for_list,
)
from tests.workflows.engine.conftest import new_item, reload, submitted_item
from tests.workflows.engine.multi_helpers import person
from workflows.engine import services
from workflows.engine.acts import DECISIONS
from workflows.engine.exceptions import NotFound, WorkflowError
from workflows.engine.models import OPEN
from workflows.engine.reading.selectors import get_item_for
from workflows.web.detail import item_page

pytestmark = pytest.mark.django_db

ACTS = ("claim", "unclaim", *DECISIONS)


class _RolledBack(Exception):
    """Raised inside a try to undo what the service did."""


def _try(call) -> bool:
    try:
        with transaction.atomic():
            call()
            raise _RolledBack
    except _RolledBack:
        return True
    except (WorkflowError, ValidationError):
        return False


def _perform(name, task, user):
    if name == "claim":
        return services.claim_task(task=task.pk, by=user)
    if name == "unclaim":
        return services.unclaim_task(task=task.pk, by=user)
    returns = task.flow_task.returns
    return services.decide(task=task.pk, by=user, act=name, comment="意见：请按要求办理。",
                           to=returns[0].name if returns else "")


def accepted(task, user) -> set[str]:
    return {name for name in ACTS if _try(lambda name=name: _perform(name, task, user))}


def on_page(item, task, user) -> set[str]:
    try:
        get_item_for(user, item.pk)
    except NotFound:  # the page answers 404: nothing is offered
        return set()
    panel = next((p for p in item_page(item, user).panels if p.task.pk == task.pk), None)
    if panel is None:
        return set()
    names = {"claim"} if panel.may_claim else set()
    names |= {"unclaim"} if panel.may_unclaim else set()
    return names | {act.name for act in (panel.form.acts if panel.form else ())}


def in_api(task, user) -> set[str]:
    answer = api_client(user).get(f"/api/v1/tasks/{task.pk}/")
    if answer.status_code == 404:
        return set()
    assert answer.status_code == 200, answer.content[:300]
    return set(answer.json()["acts"])


def open_tasks(item) -> list[Task]:
    return list(Task.objects.filter(process__item=item, flow_task_type="HUMAN", status__in=OPEN)
                .select_related("owner", "process").order_by("pk"))


def everyone(city) -> list:
    return [city.head, city.teacher, city.reviewer, city.reviewer2, city.reviewer_b, city.district_head,
            city.city, city.city_head, city.head_b]


def check_every_person(item, people, expected_somewhere: set[str]) -> None:
    """For every open task and person: page == API == service. `expected_somewhere`: acts that
    someone must be offered (the scenario really reaches them)."""
    item = reload(item)
    seen = set()
    for task in open_tasks(item):
        for user in people:
            wanted = accepted(task, user)
            assert on_page(item, task, user) == wanted, (task.flow_task.name, user.username, "page")
            assert in_api(task, user) == wanted, (task.flow_task.name, user.username, "api")
            seen |= wanted
    assert expected_somewhere <= seen, seen


def test_a_queued_task(city):
    item = submitted_item(city)
    check_every_person(item, everyone(city), {"claim", "approve", "return", "reject"})


def test_a_claimed_task_and_its_owners_proxy(city):
    item = submitted_item(city)
    task = open_tasks(item)[0]
    services.claim_task(task=task.pk, by=city.reviewer)
    deputy = person("deputy", Role.DISTRICT_REVIEWER, city.district_a)
    services.create_proxy(principal=city.reviewer, proxy=deputy, by=city.reviewer,
                          starts_on=date.today(), ends_on=date.today() + timedelta(days=3), reason="外出学习")
    check_every_person(item, [*everyone(city), deputy], {"unclaim", "approve", "return", "reject"})


def test_a_returned_item(city):
    item = submitted_item(city)
    services.return_task(task=open_tasks(item)[0].pk, by=city.reviewer, to="revise", comment="请补充材料。")
    check_every_person(item, everyone(city), {"resubmit"})


def test_city_review_after_the_district(city):
    item = submitted_item(city)
    services.approve_task(task=open_tasks(item)[0].pk, by=city.reviewer, comment="同意。")
    check_every_person(item, everyone(city), {"claim", "approve", "return", "reject"})


def test_a_list_step_is_not_approved_one_item_at_a_time(city):
    (item,) = waiting_for_list(city, recommendation_campaign(city), 1)
    check_every_person(item, everyone(city), {"claim", "return", "reject"})


def test_a_multi_person_step(city):
    extra = person("reviewer3", Role.DISTRICT_REVIEWER, city.district_a)
    item = new_item(city)
    services.submit_item(item=item, by=item.submitter, flow_class=CountersignFlow)
    check_every_person(item, [*everyone(city), extra], {"approve", "return", "reject"})
