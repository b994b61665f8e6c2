"""转办, 委派 and 抄送 over the API: each endpoint's success, its refusals (400/403/404/409) and the
抄送我的 list."""

import pytest

from tests.workflows.api.helpers import client_for, reload
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services


@pytest.fixture
def task(city):
    return open_task(submitted_item(city))


def post(user, task, act, body=None):
    return client_for(user).post(f"/api/v1/tasks/{task.pk}/{act}/", body or {}, format="json")


def test_transfer(city, task):
    response = post(city.reviewer, task, "transfer", {"to": city.reviewer2.pk, "comment": "请王老师办理。"})
    assert response.status_code == 200, response.content
    row = response.json()
    assert row["owner"]["id"] == city.reviewer2.pk and row["claimed"] is False and row["delegated_by"] is None
    mine = client_for(city.reviewer2).get("/api/v1/tasks/?filter=mine").json()["results"]
    assert [r["id"] for r in mine] == [task.pk]


@pytest.mark.parametrize("act", ["transfer", "delegate"])
def test_hand_over_refusals(city, task, act):
    bad = {
        "self": ({"to": city.reviewer.pk}, "to_self"),
        "submitter": ({"to": city.head.pk}, "to_submitter"),
        "no role": ({"to": city.district_head.pk}, "to_not_eligible"),
        "other district": ({"to": city.reviewer_b.pk}, "to_not_eligible"),
        "nobody": ({"to": 999999}, "to_required"),
        "missing": ({}, "required"),
        "not a number": ({"to": "王老师"}, "invalid"),
        "huge": ({"to": 2**70}, "max_value"),
    }
    for name, (body, code) in bad.items():
        response = post(city.reviewer, task, act, body)
        assert response.status_code == 400, name
        assert response.json()["code"] == code and "to" in response.json()["fields"], name
    assert post(city.district_head, task, act, {"to": city.reviewer2.pk}).status_code == 403
    assert post(city.head, task, act, {"to": city.reviewer2.pk}).status_code == 403
    assert post(city.reviewer_b, task, act, {"to": city.reviewer2.pk}).status_code == 404
    assert client_for(city.reviewer).post("/api/v1/tasks/999999/transfer/", {"to": 1}, format="json").status_code == 404
    assert reload(task.process.artifact).status == "district_review" and open_task(task.process.artifact).owner is None
    services.approve_task(task=task, by=city.reviewer)
    response = post(city.reviewer, task, act, {"to": city.reviewer2.pk})
    assert response.status_code == 409 and response.json()["code"] == "task_closed"


def test_delegation_round_trip(city, task):
    response = post(city.reviewer, task, "delegate", {"to": city.reviewer2.pk, "comment": "请核对人数。"})
    assert response.status_code == 200 and response.json()["delegated_by"] == city.reviewer.pk
    mine = client_for(city.reviewer2).get("/api/v1/tasks/?filter=mine").json()["results"]
    assert [(r["id"], r["delegated_by"]) for r in mine] == [(task.pk, city.reviewer.pk)]
    refused = post(city.reviewer2, task, "approve")
    assert refused.status_code == 403 and "只能填写意见后交回" in refused.json()["detail"]
    assert post(city.reviewer, task, "approve").status_code == 403
    assert post(city.reviewer, task, "hand-back", {"comment": "x"}).status_code == 403
    assert post(city.district_head, task, "hand-back", {"comment": "x"}).status_code == 403
    assert post(city.reviewer_b, task, "hand-back", {"comment": "x"}).status_code == 404
    empty = post(city.reviewer2, task, "hand-back", {"comment": ""})
    assert empty.status_code == 400 and "comment" in empty.json()["fields"]
    back = post(city.reviewer2, task, "hand-back", {"comment": "人数无误。"})
    assert back.status_code == 200 and back.json()["owner"]["id"] == city.reviewer.pk
    assert back.json()["delegated_by"] is None
    assert post(city.reviewer2, task, "hand-back", {"comment": "再交"}).status_code == 409
    assert post(city.reviewer, task, "approve").status_code == 200


def test_recall(city, task):
    post(city.reviewer, task, "delegate", {"to": city.reviewer2.pk})
    assert post(city.reviewer2, task, "recall").status_code == 403
    assert post(city.district_head, task, "recall").status_code == 403
    assert post(city.reviewer_b, task, "recall").status_code == 404
    response = post(city.reviewer, task, "recall", {"comment": "我来办。"})
    assert response.status_code == 200 and response.json()["owner"]["id"] == city.reviewer.pk
    assert post(city.reviewer, task, "recall").status_code == 409
    long = post(city.reviewer, task, "delegate", {"to": city.reviewer2.pk, "comment": "长" * 2001})
    assert long.status_code == 400 and "comment" in long.json()["fields"]


def test_cc_and_the_copied_list(city, task):
    response = post(city.reviewer, task, "cc", {"users": [city.teacher.pk, city.city_head.pk], "note": "请知悉。"})
    assert response.status_code == 201, response.content
    rows = response.json()
    assert {r["item"]["id"] for r in rows} == {task.process.artifact_object_id}
    assert rows[0]["sender"]["id"] == city.reviewer.pk and rows[0]["step_title"] == "区县审核"
    copied = client_for(city.teacher).get("/api/v1/cc/")
    assert copied.status_code == 200
    [row] = copied.json()["results"]
    assert row["note"] == "请知悉。" and row["item"]["district"]["name"] == "和平区"
    item_id = task.process.artifact_object_id
    assert client_for(city.teacher).get(f"/api/v1/items/{item_id}/").status_code == 200
    assert client_for(city.reviewer2).get("/api/v1/cc/").json()["results"] == []
    assert client_for(None).get("/api/v1/cc/").status_code == 401
    # Copied people read; every act on the task is refused to them (403: they can see it).
    for act, body in (("claim", None), ("approve", {}), ("reject", {"comment": "不"}),
                      ("return", {"to": "revise", "comment": "补"}), ("transfer", {"to": city.reviewer2.pk}),
                      ("delegate", {"to": city.reviewer2.pk}), ("cc", {"users": [city.reviewer2.pk]}),
                      ("recall", {}), ("hand-back", {"comment": "x"}), ("unclaim", None)):
        assert post(city.teacher, task, act, body).status_code == 403, act
    assert client_for(city.teacher).post(f"/api/v1/items/{item_id}/withdraw/", {}, format="json").status_code == 403


def test_cc_refusals(city, task):
    for body, field in (({"users": []}, "users"), ({}, "users"), ({"users": [city.reviewer.pk]}, "users"),
                        ({"users": [city.head_b.pk]}, "users"), ({"users": ["x"]}, "users"),
                        ({"users": [1] * 51}, "users"), ({"users": [city.teacher.pk], "note": "长" * 2001}, "note")):
        response = post(city.reviewer, task, "cc", body)
        assert response.status_code == 400 and field in response.json()["fields"], body
    assert post(city.district_head, task, "cc", {"users": [city.teacher.pk]}).status_code == 403
    assert post(city.reviewer_b, task, "cc", {"users": [city.teacher.pk]}).status_code == 404
    services.approve_task(task=task, by=city.reviewer)
    assert post(city.reviewer, task, "cc", {"users": [city.teacher.pk]}).status_code == 409


def test_candidates(city, task):
    api = client_for(city.reviewer)
    people = api.get(f"/api/v1/tasks/{task.pk}/candidates/?act=transfer").json()["results"]
    assert [p["id"] for p in people] == [city.reviewer2.pk] and "区县审核员" in people[0]["label"]
    cc = {p["username"] for p in api.get(f"/api/v1/tasks/{task.pk}/candidates/?act=cc").json()["results"]}
    assert cc == {"head", "teacher", "reviewer2", "district_head", "city", "city_head"}
    assert api.get(f"/api/v1/tasks/{task.pk}/candidates/").status_code == 400
    assert api.get(f"/api/v1/tasks/{task.pk}/candidates/?act=approve").status_code == 400
    assert client_for(city.district_head).get(f"/api/v1/tasks/{task.pk}/candidates/?act=cc").status_code == 403
    assert client_for(city.reviewer_b).get(f"/api/v1/tasks/{task.pk}/candidates/?act=cc").status_code == 404
    services.approve_task(task=task, by=city.reviewer)
    assert api.get(f"/api/v1/tasks/{task.pk}/candidates/?act=cc").status_code == 409


def test_the_copied_list_costs_the_same_for_more_rows(city, django_assert_max_num_queries):
    api = client_for(city.teacher)

    def copy(n):
        for _ in range(n):
            services.cc_task(task=open_task(submitted_item(city)), by=city.reviewer, users=[city.teacher])

    copy(2)
    with django_assert_max_num_queries(8) as few:
        assert len(api.get("/api/v1/cc/").json()["results"]) == 2
    copy(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/cc/").json()["results"]) == 10
