"""POST /api/v1/tasks/batch-approve/: per-task results, the same codes as a single 通过; a task of
another district answered exactly as a missing one and left unchanged; bad batches 400 in Chinese
with nothing written."""

import pytest
from django.urls import reverse

from tests.sampleapp.models import SampleApplication
from tests.workflows.api.helpers import client_for, reload
from tests.workflows.engine.batch_approval_helpers import foreign_task, waiting
from tests.workflows.engine.conftest import open_task
from workflows.engine import services
from workflows.engine.models import Decision

pytestmark = pytest.mark.django_db
S = SampleApplication.Status
URL = reverse("api:task-batch-approve")
MISSING = 987654321


def test_a_mixed_batch_answers_each_task(city):
    first, second, taken = waiting(city, 3)
    tasks = [open_task(item).pk for item in (first, second, taken)]
    services.approve_task(task=tasks[2], by=city.reviewer2)
    foreign = foreign_task(city)
    response = client_for(city.reviewer).post(URL, {"tasks": tasks + [foreign.pk, MISSING], "comment": "同意"},
                                              format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["done"], body["refused"], body["comment"]) == (2, 3, "同意")
    assert body["step"]["title"] == "区县审核"
    results = body["results"]
    assert [r["result"] for r in results] == ["done", "done", "refused", "refused", "refused"]
    assert results[0]["item"]["id"] == first.pk and results[0]["item"]["status"] == S.CITY_REVIEW
    assert results[0]["decision"] == Decision.objects.get(item=first).pk
    assert (results[2]["code"], results[2]["detail"]) == ("task_closed", "此待办已办理或已撤销。")
    outside, missing = results[3], results[4]
    assert {k: v for k, v in outside.items() if k != "task"} == {k: v for k, v in missing.items() if k != "task"} == {
        "result": "refused", "code": "not_found", "detail": "未找到该事项或待办，或您无权查看。", "item": None,
        "decision": None}
    assert reload(foreign.process.artifact).status == S.DISTRICT_REVIEW
    assert "机密" not in response.content.decode()


@pytest.mark.parametrize("body, code", [
    ({"tasks": []}, "empty_batch"),
    ({}, "required"),
    ({"tasks": "1,2"}, "not_a_list"),
    ({"tasks": [0]}, "min_value"),
])
def test_a_bad_batch_is_400(city, body, code):
    response = client_for(city.reviewer).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Decision.objects.exists()


def test_an_oversized_batch_is_400_in_chinese(city, settings):
    settings.WORKFLOWS_BATCH_APPROVE_MAX = 2
    tasks = [open_task(item).pk for item in waiting(city, 3)]
    response = client_for(city.reviewer).post(URL, {"tasks": tasks}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "一次最多批量审批2件，您选择了3件；请分批办理。", "code": "batch_too_large"}
    assert not Decision.objects.exists()


def test_two_steps_are_400(city):
    at_district, at_city = waiting(city, 2)
    services.approve_task(task=open_task(at_city), by=city.reviewer)
    response = client_for(city.city).post(URL, {"tasks": [open_task(at_district).pk, open_task(at_city).pk]},
                                          format="json")
    assert response.status_code == 400 and response.json()["code"] == "mixed_steps"
    assert reload(at_district).status == S.DISTRICT_REVIEW


def test_anonymous_is_401(city):
    from rest_framework.test import APIClient

    assert APIClient().post(URL, {"tasks": [1]}, format="json").status_code == 401


def test_a_form_body_is_415(city):
    response = client_for(city.reviewer).post(URL, {"tasks": [1], "comment": "同意"}, format="multipart")
    assert response.status_code == 415
