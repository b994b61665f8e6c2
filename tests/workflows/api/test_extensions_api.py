"""延期申请 over the API: ask, grant, refuse, list; every endpoint's 400/401/403/404/409, and the
list's query count whatever its length."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import city_on_the_eve, open_task, submitted_item  # noqa: F401
from tests.workflows.engine.deadline_helpers import deadline, local
from tests.workflows.engine.extension_helpers import ASKED_AT, DECIDED_AT, EVE_OF_NATIONAL_DAY, ask, claimed_review
from workflows.engine import services


@pytest.fixture
def city(city_on_the_eve):
    return city_on_the_eve


def _post(user, url, data=None, *, at=ASKED_AT):
    with time_machine.travel(at, tick=False):
        return client_for(user).post(url, data or {}, format="json")


def test_ask_then_grant_over_the_api(city):
    item, task = claimed_review(city)
    asked = _post(city.reviewer, f"/api/v1/tasks/{task.pk}/extension/", {"due_date": "2021-10-20", "reason": "需补充材料"})
    assert asked.status_code == 201, asked.json()
    body = asked.json()
    assert (body["state"], body["step"], body["item"]["ref_no"], body["may_decide"]) == (
        "pending", "district_review", item.ref_no, False
    )
    assert body["approver"] == "基础教育处的市局处室审核员"

    granted = _post(city.city, f"/api/v1/extensions/{body['id']}/grant/", {"due_date": "2021-10-22"}, at=DECIDED_AT)
    assert granted.status_code == 200, granted.json()
    assert (granted.json()["state"], granted.json()["decided_by"]["username"]) == ("granted", "city")
    assert deadline(task).due_at == local(2021, 10, 22, 17, 30)


def test_refuse_needs_a_comment_over_the_api(city):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    url = f"/api/v1/extensions/{extension.pk}/refuse/"
    missing = _post(city.city, url, at=DECIDED_AT)
    assert missing.status_code == 400 and "comment" in missing.json()["fields"]
    refused = _post(city.city, url, {"comment": "请按期办理"}, at=DECIDED_AT)
    assert (refused.status_code, refused.json()["state"], refused.json()["decision_comment"]) == (
        200, "refused", "请按期办理"
    )


@pytest.mark.parametrize(("data", "field"), [
    ({"due_date": "2021-10-20"}, "reason"),
    ({"due_date": "2021-10-20", "reason": " "}, "reason"),
    ({"reason": "延期"}, "due_date"),
    ({"due_date": "明天", "reason": "延期"}, "due_date"),
    ({"due_date": "2021-10-13", "reason": "延期"}, "due_date"),  # not after the current due date
    ({"due_date": "2021-10-08", "reason": "延期"}, "due_date"),  # gone by
])
def test_bad_requests_are_400_with_the_field(city, data, field):
    _item, task = claimed_review(city)
    response = _post(city.reviewer, f"/api/v1/tasks/{task.pk}/extension/", data)
    assert response.status_code == 400 and field in response.json()["fields"], response.json()


def test_asking_answers_401_403_404_409(city):
    _item, task = claimed_review(city)
    url = f"/api/v1/tasks/{task.pk}/extension/"
    good = {"due_date": "2021-10-20", "reason": "延期"}
    with time_machine.travel(ASKED_AT, tick=False):
        assert client_for(None).post(url, good, format="json").status_code == 401
    assert _post(city.reviewer2, url, good).status_code == 403  # sees it, not the handler
    assert _post(city.reviewer_b, url, good).status_code == 404  # another district
    assert _post(city.reviewer, "/api/v1/tasks/999999/extension/", good).status_code == 404
    assert _post(city.reviewer, url, good).status_code == 201
    duplicate = _post(city.reviewer, url, {**good, "due_date": "2021-10-21"})
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "invalid_state")
    with time_machine.travel(DECIDED_AT, tick=False):
        services.approve_task(task=task, by=city.reviewer)
    assert _post(city.reviewer, url, {**good, "due_date": "2021-10-21"}).status_code == 409  # finished task


@pytest.mark.parametrize("act", ["grant", "refuse"])
def test_deciding_answers_403_404_409(city, act):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    url = f"/api/v1/extensions/{extension.pk}/{act}/"
    body = {"comment": "意见"}
    assert _post(city.reviewer, url, body, at=DECIDED_AT).status_code == 403  # the requester
    assert _post(city.district_head, url, body, at=DECIDED_AT).status_code == 403  # sees it, not the approver
    assert _post(city.head_b, url, body, at=DECIDED_AT).status_code == 404  # out of scope
    assert _post(city.city, "/api/v1/extensions/999999/grant/", body, at=DECIDED_AT).status_code == 404
    assert _post(city.city, url, body, at=DECIDED_AT).status_code == 200
    again = _post(city.city, url, body, at=DECIDED_AT)
    assert (again.status_code, again.json()["code"]) == (409, "conflict")


def test_the_list_shows_what_i_may_decide_and_what_i_made(city):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        def listed(user, query=""):
            response = client_for(user).get(f"/api/v1/extensions/{query}")
            assert response.status_code == 200, response.json()
            return [(row["id"], row["may_decide"]) for row in response.json()["results"]]

        assert listed(city.city, "?filter=decide") == [(extension.pk, True)]
        assert listed(city.city, "?filter=mine") == []
        assert listed(city.reviewer) == listed(city.reviewer, "?filter=mine") == [(extension.pk, False)]
        assert listed(city.reviewer, "?filter=decide") == []
        assert listed(city.city_head) == [] and listed(city.head_b) == []
        assert client_for(city.city).get("/api/v1/extensions/?filter=all").status_code == 400
        assert client_for(None).get("/api/v1/extensions/").status_code == 401
        services.approve_task(task=task, by=city.reviewer)
        assert listed(city.city, "?filter=decide") == []  # moot: its task closed
        row = client_for(city.reviewer).get("/api/v1/extensions/").json()["results"][0]
        assert (row["state"], row["may_decide"]) == ("cancelled", False)


def _list_queries(user) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/extensions/")
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_two_requests_as_for_eight(city):
    def requests(n):
        for i in range(n):
            with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
                item = submitted_item(city, title=f"申报{i}")
                task = open_task(item)
                services.claim_task(task=task, by=city.reviewer)
            ask(city, task, day=datetime.date(2021, 10, 20 + i % 5))

    requests(2)
    with time_machine.travel(DECIDED_AT, tick=False):
        two = (_list_queries(city.city), _list_queries(city.reviewer))
    requests(6)
    with time_machine.travel(DECIDED_AT, tick=False):
        eight = (_list_queries(city.city), _list_queries(city.reviewer))
    assert two == eight
    assert max(eight) == 5  # the token, the reader's grants (decision rights, scope), the count, the rows
