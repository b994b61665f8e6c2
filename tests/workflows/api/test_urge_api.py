"""POST /api/v1/tasks/{id}/urge/: who may (200/403/404), how often (409 with the next time)."""

from datetime import timedelta

import pytest
import time_machine

from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.proxy_helpers import MONDAY, at
from workflows.engine import services


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


def urge(user, task, comment=""):
    return client_for(user).post(f"/api/v1/tasks/{task.pk}/urge/", {"comment": comment}, format="json")


def test_the_submitter_urges_and_too_early_is_a_409_with_the_next_time(city, monday):
    task = open_task(submitted_item(city))
    first = urge(city.head, task, "请尽快")
    assert first.status_code == 200, first.json()
    assert first.json()["recipients"] == 2  # both district reviewers
    monday.move_to(at(MONDAY, 20))
    again = urge(city.head, task)
    assert again.status_code == 409
    body = again.json()
    assert body["code"] == "too_soon" and body["next_allowed_at"] == first.json()["next_allowed_at"]
    assert "2026年3月3日 10:00" in body["detail"]
    monday.move_to(at(MONDAY + timedelta(days=1), 10) + timedelta(seconds=1))
    assert urge(city.head, task).status_code == 200


def test_who_may_urge(city):
    item = submitted_item(city)
    task = open_task(item)
    assert urge(city.reviewer_b, task).status_code == 404  # out of scope
    assert urge(city.reviewer2, task).status_code == 403  # sees it, supervises nobody
    assert urge(city.city, task).status_code == 200  # the owning department
    assert client_for(None).post(f"/api/v1/tasks/{task.pk}/urge/").status_code == 401


def test_a_closed_task_and_a_long_comment_are_refused(city):
    task = open_task(submitted_item(city))
    assert urge(city.head, task, "催" * 501).status_code == 400
    services.approve_task(task=task, by=city.reviewer)
    closed = urge(city.head, task)
    assert closed.status_code == 409 and closed.json()["code"] == "task_closed"
