"""/api/v1/proxies/: my proxies (as principal and as proxy), naming one, ending one; and a proxy
acting through the task API, the history naming both."""

from datetime import timedelta

import pytest
import time_machine

from core.orgs.models import Proxy
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.proxy_helpers import MONDAY, at, deputy

TUESDAY = str(MONDAY + timedelta(days=1))


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


def name(client, proxy, start=str(MONDAY), end=TUESDAY, reason="外出培训"):
    return client.post("/api/v1/proxies/", {"proxy": proxy, "starts_on": start, "ends_on": end, "reason": reason},
                       format="json")


def test_name_list_and_end_a_proxy(city):
    helper = deputy(of=city.reviewer)
    principal = client_for(city.reviewer)
    created = name(principal, "deputy")
    assert created.status_code == 201, created.json()
    row = created.json()
    assert (row["principal"]["id"], row["proxy"]["id"], row["starts_on"], row["ends_on"]) == (
        city.reviewer.pk, helper.pk, str(MONDAY), TUESDAY)
    for who in (city.reviewer, helper):
        assert [r["id"] for r in client_for(who).get("/api/v1/proxies/").json()["results"]] == [row["id"]]
    assert client_for(city.reviewer2).get("/api/v1/proxies/").json()["results"] == []

    assert client_for(city.reviewer2).post(f"/api/v1/proxies/{row['id']}/end/").status_code == 404
    ended = principal.post(f"/api/v1/proxies/{row['id']}/end/")
    assert ended.status_code == 200 and ended.json()["cancelled_at"]
    again = client_for(helper).post(f"/api/v1/proxies/{row['id']}/end/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"


@pytest.mark.parametrize("case, field", [
    ("reversed", "ends_on"), ("overlap", "starts_on"), ("oneself", "proxy"), ("inactive", "proxy"),
    ("unknown", "proxy"), ("past", "starts_on"),
])
def test_bad_proxies_are_field_errors(city, case, field):
    helper = deputy(of=city.reviewer)
    principal = client_for(city.reviewer)
    arguments = {"proxy": "deputy"}
    if case == "reversed":
        arguments.update(start=TUESDAY, end=str(MONDAY))
    elif case == "overlap":
        assert name(principal, "deputy").status_code == 201
        deputy("other", of=city.reviewer)
        arguments.update(proxy="other", start=TUESDAY, end=TUESDAY)
    elif case == "oneself":
        arguments["proxy"] = city.reviewer.username
    elif case == "inactive":
        helper.is_active = False
        helper.save()
    elif case == "unknown":
        arguments["proxy"] = "nobody-here"
    elif case == "past":
        arguments["start"] = str(MONDAY - timedelta(days=1))
    before = Proxy.objects.count()
    response = name(principal, **arguments)
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert Proxy.objects.count() == before


def test_anonymous_callers_get_401(city):
    assert client_for(None).get("/api/v1/proxies/").status_code == 401
    assert name(client_for(None), "deputy").status_code == 401


def test_a_proxy_approves_over_the_api_and_the_history_names_both(city):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    api = client_for(helper)
    assert api.get(f"/api/v1/items/{item.pk}/").status_code == 404
    assert name(client_for(city.reviewer), "deputy").status_code == 201
    todo = api.get("/api/v1/tasks/").json()["results"]
    assert [row["id"] for row in todo] == [open_task(item).pk]
    assert api.post(f"/api/v1/tasks/{open_task(item).pk}/approve/", {"comment": "同意"}, format="json").status_code == 200
    history = api.get(f"/api/v1/items/{item.pk}/history/").json()["results"]
    approval = next(event for event in history if event["action"] == "approve")
    assert (approval["actor"]["id"], approval["acting_for"]["id"]) == (helper.pk, city.reviewer.pk)


def test_a_stranger_cannot_act_on_the_principals_tasks(city):
    deputy(of=city.reviewer)
    item = submitted_item(city)
    name(client_for(city.reviewer), "deputy")
    stranger = client_for(city.reviewer_b)
    assert stranger.post(f"/api/v1/tasks/{open_task(item).pk}/approve/", {}, format="json").status_code == 404
