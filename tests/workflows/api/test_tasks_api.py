"""The task endpoints: listing by filter, claim, unclaim, approve, return, reject; each act goes
through the engine's service and its errors come back as 400/403/404/409."""

import pytest

from core.audit.selectors import events_for
from tests.sample_files import EXE, upload
from tests.workflows.api.helpers import client_for, reload
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services
from workflows.engine.models import Attachment, Decision


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_list_filters_mine_queue_done_and_todo(city):
    queued, claimed, decided = submitted_item(city), submitted_item(city), submitted_item(city)
    services.claim_task(task=open_task(claimed), by=city.reviewer)
    done = open_task(decided)
    services.approve_task(task=done, by=city.reviewer)
    api = client_for(city.reviewer)

    assert ids(api.get("/api/v1/tasks/?filter=mine")) == [open_task(claimed).pk]
    assert ids(api.get("/api/v1/tasks/?filter=queue")) == [open_task(queued).pk]
    assert ids(api.get("/api/v1/tasks/?filter=done")) == [done.pk]
    todo = api.get("/api/v1/tasks/")
    assert todo.status_code == 200 and set(ids(todo)) == {open_task(claimed).pk, open_task(queued).pk}
    row = next(r for r in todo.json()["results"] if r["id"] == open_task(queued).pk)
    assert row["step"] == "district_review" and row["step_title"] == "区县审核" and row["claimed"] is False
    assert row["waiting_for"] == "和平区的区县审核员" and row["can_reject"] is True
    assert row["return_targets"] == [{"name": "revise", "title": "修改后重新提交"}]
    assert row["item"]["ref_no"] == queued.ref_no and row["item"]["district"]["name"] == "和平区"
    assert row["item"]["status_label"] == "区县审核中" and row["item"]["organisation"]["name"] == "和平一校"
    # Another district's reviewer has nothing; the city reviewer has the decided item in its queue.
    assert ids(client_for(city.reviewer_b).get("/api/v1/tasks/")) == []
    assert ids(client_for(city.city).get("/api/v1/tasks/?filter=queue")) == [open_task(decided).pk]


def test_bad_list_parameters_are_field_errors(city):
    api = client_for(city.reviewer)
    response = api.get("/api/v1/tasks/?filter=everything&kind=nosuch")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_choice" and set(body["fields"]) == {"filter", "kind"}
    assert "nosuch" in body["fields"]["kind"][0]


def test_claim_then_unclaim(city):
    task = open_task(submitted_item(city))
    api = client_for(city.reviewer)
    claimed = api.post(f"/api/v1/tasks/{task.pk}/claim/")
    assert claimed.status_code == 200 and claimed.json()["claimed"] is True
    assert claimed.json()["owner"]["username"] == "reviewer"
    again = api.post(f"/api/v1/tasks/{task.pk}/claim/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    taken = client_for(city.reviewer2).post(f"/api/v1/tasks/{task.pk}/claim/")
    assert taken.status_code == 403 and "认领" in taken.json()["detail"]
    back = api.post(f"/api/v1/tasks/{task.pk}/unclaim/")
    assert back.status_code == 200 and back.json()["claimed"] is False and back.json()["owner"] is None


def test_approve_moves_the_item_on(city):
    item = submitted_item(city)
    task = open_task(item)
    response = client_for(city.reviewer).post(f"/api/v1/tasks/{task.pk}/approve/", {"comment": "同意"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["outcome"] == "approve" and body["comment"] == "同意" and body["item"]["status"] == "city_review"
    assert reload(item).status == "city_review"
    closed = client_for(city.reviewer).post(f"/api/v1/tasks/{task.pk}/approve/", {}, format="json")
    assert closed.status_code == 409 and closed.json()["code"] == "task_closed"


def test_return_needs_a_declared_step_and_a_comment(city):
    item = submitted_item(city)
    task = open_task(item)
    api = client_for(city.reviewer)
    missing = api.post(f"/api/v1/tasks/{task.pk}/return/", {}, format="json")
    assert missing.status_code == 400 and set(missing.json()["fields"]) == {"to", "comment"}
    assert missing.json()["fields"]["comment"] == ["请填写审批意见。"]
    undeclared = api.post(f"/api/v1/tasks/{task.pk}/return/", {"to": "city_review", "comment": "x"}, format="json")
    assert undeclared.status_code == 400 and "可退回到：修改后重新提交" in undeclared.json()["fields"]["to"][0]
    assert reload(item).status == "district_review" and not Decision.objects.exists()

    response = api.post(f"/api/v1/tasks/{task.pk}/return/", {"to": "revise", "comment": "请补充自评报告"}, format="json")
    assert response.status_code == 200 and response.json()["return_to"] == "revise"
    assert reload(item).status == "returned"


def test_reject_with_attachments_in_multipart(city, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    item = submitted_item(city)
    task = open_task(item)
    api = client_for(city.reviewer)
    disguised = api.post(f"/api/v1/tasks/{task.pk}/reject/",
                         {"comment": "不符合条件", "attachments": [upload("意见.pdf"), upload("说明.pdf", EXE)]},
                         format="multipart")
    assert disguised.status_code == 400 and "内容与扩展名" in disguised.json()["detail"]
    assert not Attachment.objects.exists() and reload(item).status == "district_review"

    response = api.post(f"/api/v1/tasks/{task.pk}/reject/",
                        {"comment": "不符合条件", "attachments": [upload("意见.pdf"), upload("照片.png")]},
                        format="multipart")
    assert response.status_code == 200, response.json()
    assert [a["name"] for a in response.json()["attachments"]] == ["意见.pdf", "照片.png"]
    assert reload(item).status == "rejected"


def test_reject_needs_a_comment(city):
    task = open_task(submitted_item(city))
    response = client_for(city.reviewer).post(f"/api/v1/tasks/{task.pk}/reject/", {"comment": " "}, format="json")
    assert response.status_code == 400 and response.json()["fields"] == {"comment": ["请填写审批意见。"]}


def test_acts_out_of_scope_are_404_and_own_items_403(city):
    item = submitted_item(city)
    task = open_task(item)
    for user in (city.reviewer_b, city.head_b):
        for act in ("claim", "approve"):
            response = client_for(user).post(f"/api/v1/tasks/{task.pk}/{act}/", {}, format="json")
            assert response.status_code == 404 and response.json()["code"] == "not_found", (user, act)
    # The submitter sees the item but may not decide on it; the district head sees it, not their step.
    assert client_for(city.head).post(f"/api/v1/tasks/{task.pk}/approve/", {}, format="json").status_code == 403
    assert client_for(city.district_head).post(f"/api/v1/tasks/{task.pk}/claim/").status_code == 403
    assert client_for(city.reviewer).post("/api/v1/tasks/999999999/claim/").status_code == 404
    assert [e.action for e in events_for(item)] == ["create", "submit"]


def test_task_detail_in_and_out_of_scope(city):
    task = open_task(submitted_item(city))
    assert client_for(city.reviewer).get(f"/api/v1/tasks/{task.pk}/").json()["id"] == task.pk
    assert client_for(city.reviewer_b).get(f"/api/v1/tasks/{task.pk}/").status_code == 404


@pytest.mark.parametrize("session", [False, True])
def test_unauthenticated_is_401_and_both_sign_ins_work(city, session):
    assert client_for(None).get("/api/v1/tasks/").status_code == 401
    assert client_for(city.reviewer, session=session).get("/api/v1/me/").json()["username"] == "reviewer"
