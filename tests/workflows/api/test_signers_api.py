"""POST /api/v1/tasks/{id}/add-signer/ and /remove-signer/: 200 with the step's members, 400 for
bad input (nothing written), 403 in scope but not one's task, 404 out of scope, 409 closed."""

import pytest

from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.panels import CountersignFlow, SequenceFlow
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task
from tests.workflows.engine.multi_helpers import build_panel, member_tasks, states, submitted
from workflows.engine import services
from workflows.engine.signing_models import Signer


@pytest.fixture
def panel(db):
    return build_panel()


def add(actor, task, **body):
    return client_for(actor).post(f"/api/v1/tasks/{task.pk}/add-signer/", body, format="json")


def remove(actor, task, **body):
    return client_for(actor).post(f"/api/v1/tasks/{task.pk}/remove-signer/", body, format="json")


def test_add_then_remove_answers_the_members(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    response = add(city.reviewer, task, user=city.city.pk, position="after")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["mode"], data["mode_label"], data["outcome"]) == ("sequence", "依次审批", "")
    assert [(m["user"]["username"], m["state"]) for m in data["members"]] == [
        ("reviewer", "open"), ("city", "waiting"), ("reviewer2", "waiting"), ("reviewer3", "waiting"),
        ("district_head", "waiting")]
    assert data["members"][1]["added_by"] == city.reviewer.pk

    response = remove(city.reviewer, task, user=city.city.pk)
    assert response.status_code == 200, response.json()
    assert [m["state"] for m in response.json()["members"]][1] == "removed"


def test_bad_input_is_a_400_with_the_field_and_writes_nothing(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    task = member_tasks(item)["reviewer"]
    before = list(Signer.objects.values_list("pk", "state", "position"))
    cases = [
        (add, {"user": city.reviewer2.pk}, "duplicate"),
        (add, {"user": city.head.pk}, "own_submission"),
        (add, {"user": city.reviewer_b.pk}, "not_eligible"),
        (add, {"user": city.city.pk, "position": "middle"}, "invalid_choice"),
        (add, {}, "required"),
        (remove, {"user": city.reviewer.pk}, "self"),
        (remove, {"user": city.city.pk}, "not_member"),
    ]
    for call, body, code in cases:
        response = call(city.reviewer, task, **body)
        assert response.status_code == 400, (body, response.json())
        assert response.json()["code"] == code, response.json()
    services.approve_task(task=member_tasks(item)["reviewer2"], by=city.reviewer2)
    response = remove(city.reviewer, task, user=city.reviewer2.pk)
    assert (response.status_code, response.json()["code"]) == (400, "already_acted")
    assert response.json()["fields"] == {"user": ["reviewer2已办理，不能减签。"]}
    voted = Signer.objects.get(user=city.reviewer2).pk
    assert list(Signer.objects.values_list("pk", "state", "position")) == [
        (pk, "approve" if pk == voted else state, position) for pk, state, position in before]


def test_not_a_multi_person_step_is_a_400(panel):
    city = panel.city
    item = submitted(panel, ApplicationFlow)
    response = add(city.reviewer, open_task(item), user=city.reviewer2.pk)
    assert (response.status_code, response.json()["code"]) == (400, "not_multi_step")


def test_permissions_another_member_403_outsider_404_closed_409(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    task = member_tasks(item)["reviewer"]
    # Another member of the step sees the item but this is not their task.
    assert add(city.reviewer2, task, user=city.city.pk).status_code == 403
    assert remove(city.reviewer2, task, user=panel.reviewer3.pk).status_code == 403
    # The submitter sees the item, and is not the handler.
    assert add(city.head, task, user=city.city.pk).status_code == 403
    # Out of scope: another district's reviewer, another school's head.
    for outsider in (city.reviewer_b, city.head_b):
        assert add(outsider, task, user=city.city.pk).status_code == 404
        assert remove(outsider, task, user=panel.reviewer3.pk).status_code == 404
    assert add(city.reviewer, type(task)(pk=10**9), user=city.city.pk).status_code == 404
    assert client_for(None).post(f"/api/v1/tasks/{task.pk}/add-signer/", {"user": 1}, format="json").status_code == 401
    services.approve_task(task=task, by=city.reviewer)
    response = add(city.reviewer, task, user=city.city.pk)
    assert (response.status_code, response.json()["code"]) == (409, "task_closed")
    assert [state for _, state in states(item)] == ["approve", "open", "open"]


def test_the_decision_endpoints_work_on_member_tasks(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    tasks = member_tasks(item)
    response = client_for(city.reviewer).post(f"/api/v1/tasks/{tasks['reviewer'].pk}/approve/", {"comment": "同意"},
                                              format="json")
    assert response.status_code == 200
    assert response.json()["item"]["status"] == "district_review"
    response = client_for(city.reviewer2).post(f"/api/v1/tasks/{tasks['reviewer2'].pk}/reject/",
                                               {"comment": "不同意"}, format="json")
    assert response.json()["item"]["status"] == "rejected"
