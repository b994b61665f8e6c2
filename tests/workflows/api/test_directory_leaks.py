"""Refusing a person says only that they are not a choice: it never names someone the caller could
not see (issue #11, defect 7: any user id answered with that person's name)."""

import json

import pytest

from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, submitted_item

SECRET_NAME = "赵秘密"  # a person of another district, unknown to the caller


@pytest.fixture
def task(city):
    city.reviewer_b.full_name = SECRET_NAME
    city.reviewer_b.save(update_fields=["full_name"])
    return open_task(submitted_item(city))


@pytest.mark.parametrize("act, body", [
    ("cc", lambda who: {"users": [who.pk]}),
    ("transfer", lambda who: {"to": who.pk}),
    ("delegate", lambda who: {"to": who.pk}),
])
def test_a_person_of_another_district_is_refused_without_their_name(city, task, act, body):
    response = client_for(city.reviewer).post(f"/api/v1/tasks/{task.pk}/{act}/", body(city.reviewer_b), format="json")
    assert response.status_code == 400
    said = json.dumps(response.json(), ensure_ascii=False)
    assert "不是您可以选择的人员" in said
    assert SECRET_NAME not in said and city.reviewer_b.username not in said
