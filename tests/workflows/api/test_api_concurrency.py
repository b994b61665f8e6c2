"""Two reviewers press 通过 on one task at once over the API: one gets 200, the other 409 at once,
and one decision is written. A task whose process another transaction holds answers 409 (busy)."""

import pytest
from django.db import connection
from viewflow.workflow.models import Process

from tests.conftest import need
from tests.threads import row_locked, run_together
from tests.workflows.api.helpers import client_for
from tests.city import build_city
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine.models import Decision


@pytest.fixture
def racing_city(transactional_db):
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    return build_city()


def test_two_approvals_at_once_one_wins_one_gets_409(racing_city):
    city = racing_city
    task = open_task(submitted_item(city))
    clients = [client_for(city.reviewer), client_for(city.reviewer2)]
    results, errors = run_together(
        lambda i: clients[i].post(f"/api/v1/tasks/{task.pk}/approve/", {"comment": "同意"}, format="json").status_code,
        2,
    )
    assert errors == [] and sorted(results) == [200, 409]
    assert Decision.objects.filter(task=task).count() == 1


def test_a_held_process_is_busy_not_a_wait(racing_city):
    city = racing_city
    task = open_task(submitted_item(city))
    with row_locked(Process, task.process_id):
        response = client_for(city.reviewer).post(f"/api/v1/tasks/{task.pk}/approve/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "busy"
    assert not Decision.objects.exists()
