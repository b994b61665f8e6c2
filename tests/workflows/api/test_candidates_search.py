"""#13 item 11, choosing people by name: every candidates endpoint (转办/委派/抄送/加签 on a task,
the owner's 加签 on a step, 委托, a meeting's participants) searches by Chinese name, whole or in
part, within exactly the people its feature's rule allows, paginated, at a fixed number of queries;
and every form and API that takes the chosen person refuses one outside them, writing nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.orgs.models import Proxy, User
from core.orgs.roles import Role
from tests.factories import person
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.meetings.helpers import MONDAY as MEETING_MONDAY
from tests.workflows.engine.meetings.helpers import at, visit_at_meeting
from tests.workflows.engine.multi_helpers import build_panel, group_of, member_tasks, submitted
from tests.workflows.engine.proxy_helpers import MONDAY
from tests.workflows.engine.proxy_helpers import at as on_day
from tests.workflows.web.conftest import client_for as page_client
from tests.sampleapp.panels import CountersignFlow, SequenceFlow
from workflows.engine import people
from workflows.engine.carbon_copy.models import CarbonCopy
from workflows.engine.meetings.models import Meeting
from workflows.engine.signing.models import Signer


def rename(user, full_name):
    User.objects.filter(pk=user.pk).update(full_name=full_name)
    user.full_name = full_name


def found(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["full_name"] for row in response.json()["results"]]


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


@pytest.fixture
def named(city):
    """The district's second reviewer is 宋佳; a reviewer of another district, whom nobody here
    may choose, is 宋明 (a search for 宋 must never find them)."""
    rename(city.reviewer2, "宋佳")
    rename(city.reviewer_b, "宋明")
    return city


# --- The search itself ----------------------------------------------------------------------------


def test_search_by_whole_and_partial_chinese_name_and_by_organisation(named):
    city = named
    candidates = people.labelled([city.reviewer2, city.reviewer, city.teacher])
    assert candidates[0].label == "宋佳 · 和平区 · 区县审核员"
    assert [c.user for c in people.search(candidates, "宋佳")] == [city.reviewer2]
    assert [c.user for c in people.search(candidates, "佳")] == [city.reviewer2]
    assert [c.user for c in people.search(candidates, " 和平区  宋 ")] == [city.reviewer2]  # every word must match
    assert people.search(candidates, "宋明") == []  # not a candidate here, whatever their name
    assert people.search(candidates, "") == candidates
    assert people.search(candidates, "x" * 500) == []  # cut to MAX_QUERY, matches nobody


# --- 转办 / 委派 / 抄送 / 加签 on a task ------------------------------------------------------------


def test_task_candidates_search_within_the_rule_only(named):
    city = named
    task = open_task(submitted_item(city))
    api = client_for(city.reviewer)
    url = f"/api/v1/tasks/{task.pk}/candidates/"
    for act in ("transfer", "delegate"):
        assert found(api.get(url, {"act": act, "q": "宋佳"})) == ["宋佳"]
        assert found(api.get(url, {"act": act, "q": "宋"})) == ["宋佳"]  # 宋明 is another district's
        assert found(api.get(url, {"act": act, "q": "宋明"})) == []
    assert found(api.get(url, {"act": "cc", "q": "宋"})) == ["宋佳"]
    row = api.get(url, {"act": "transfer", "q": "佳"}).json()["results"][0]
    assert row == {"id": city.reviewer2.pk, "username": "reviewer2", "full_name": "宋佳",
                   "label": "宋佳 · 和平区 · 区县审核员"}
    assert api.get(url, {"act": "transfer", "q": "x" * 51}).status_code == 400  # over the limit: said, not cut


def test_task_candidates_are_paginated_and_cost_the_same_for_more_people(named):
    city = named
    task = open_task(submitted_item(city))
    api = client_for(city.reviewer)
    url = f"/api/v1/tasks/{task.pk}/candidates/"
    api.get(url, {"act": "cc"})  # warm the per-process caches
    few = count_queries(lambda: api.get(url, {"act": "cc", "q": "宋"}))
    for n in range(12):
        person(f"colleague{n}", Role.DISTRICT_REVIEWER, city.district_a, full_name=f"宋同事{n:02d}")
    many = count_queries(lambda: api.get(url, {"act": "cc", "q": "宋"}))
    assert many == few
    page = api.get(url, {"act": "transfer", "q": "宋", "page_size": 5}).json()
    assert page["count"] == 13 and len(page["results"]) == 5 and page["next"]
    assert api.get(url, {"act": "transfer", "page": 9}).status_code == 404


def test_signer_candidates_for_a_member_and_for_the_owner(db):
    panel = build_panel()
    city = panel.city
    rename(city.city, "钱处员")
    item = submitted(panel, SequenceFlow)  # the pool: the district's and the city's reviewers
    task = member_tasks(item)["reviewer"]
    api = client_for(city.reviewer)
    url = f"/api/v1/tasks/{task.pk}/candidates/"
    assert found(api.get(url, {"act": "signer", "q": "钱"})) == ["钱处员"]
    assert found(api.get(url, {"act": "signer", "q": "teacher"})) == []  # not in the pool
    assert client_for(city.reviewer2).get(url, {"act": "signer"}).status_code == 403  # not their turn
    step = f"/api/v1/sign-steps/{group_of(item).pk}/candidates/"
    assert found(client_for(city.city_head).get(step, {"q": "钱处"})) == ["钱处员"]  # the owning department
    assert client_for(city.reviewer).get(step).status_code == 403  # a member, not the owner
    assert client_for(city.reviewer_b).get(step).status_code == 404  # another district's
    counted = submitted(panel, CountersignFlow)  # 会签: only the owner changes the members
    member = next(iter(member_tasks(counted).values()))
    assert client_for(member.owner).get(f"/api/v1/tasks/{member.pk}/candidates/", {"act": "signer"}).status_code == 403


# --- 委托 ----------------------------------------------------------------------------------------------


def test_proxy_candidates_search(named):
    city = named
    api = client_for(city.reviewer)
    assert found(api.get("/api/v1/proxies/candidates/", {"q": "宋佳"})) == ["宋佳"]
    assert found(api.get("/api/v1/proxies/candidates/", {"q": "宋"})) == ["宋佳"]
    assert found(api.get("/api/v1/proxies/candidates/", {"q": "宋明"})) == []
    assert api.get("/api/v1/proxies/candidates/").json()["results"][0]["label"] == "宋佳 · 和平区 · 区县审核员"


def test_proxy_candidates_cost_the_same_for_more_colleagues(named):
    city = named
    api = client_for(city.reviewer)
    api.get("/api/v1/proxies/candidates/")
    few = count_queries(lambda: api.get("/api/v1/proxies/candidates/"))
    for n in range(10):
        person(f"colleague{n}", Role.DISTRICT_REVIEWER, city.district_a, full_name=f"同事{n}")
    assert count_queries(lambda: api.get("/api/v1/proxies/candidates/")) == few
    assert api.get("/api/v1/proxies/candidates/").json()["count"] == 11


# --- 参会人 ----------------------------------------------------------------------------------------------


def test_meeting_candidates_search_by_name_and_role(city):
    visit = visit_at_meeting(city)
    api = client_for(city.city)
    url = f"/api/v1/items/{visit.item.pk}/meeting/candidates/"
    rows = api.get(url, {"q": "专家"}).json()["results"]
    assert [(r["full_name"], r["role"], r["label"]) for r in rows] == [("专家甲", "expert", "专家甲 · 沈阳市教育局 · 专家")]
    assert found(api.get(url, {"q": "督学乙", "role": "inspector"})) == ["督学乙"]
    assert found(api.get(url, {"q": "督学乙", "role": "expert"})) == []
    assert found(api.get(url, {"q": "他区审核员"})) == []  # another district's reviewer: no participant here
    assert api.get(url, {"role": "nobody"}).status_code == 400
    assert client_for(city.head).get(url).status_code == 403  # sees the item, does not schedule
    assert client_for(city.reviewer_b).get(url).status_code == 404


def test_meeting_candidates_cost_the_same_for_more_people(city):
    visit = visit_at_meeting(city)
    api = client_for(city.city)
    url = f"/api/v1/items/{visit.item.pk}/meeting/candidates/"
    api.get(url)
    few = count_queries(lambda: api.get(url))
    for n in range(8):
        person(f"expert{n}", Role.EXPERT, city.bureau)
        person(f"inspector{n}", Role.INSPECTOR, city.district_a)
    assert count_queries(lambda: api.get(url)) == few


# --- Attacks: a forged choice, outside the candidates, is refused and nothing is written ---------------


def test_forged_people_on_the_task_forms_are_refused(named):
    city = named
    task = open_task(submitted_item(city))
    page = page_client(city.reviewer)
    outsider = city.reviewer_b.pk  # real, active, another district's: never a candidate here
    for act, data in (("transfer", {"to": outsider}), ("delegate", {"to": outsider}), ("cc", {"users": [outsider]})):
        response = page.post(f"/work/tasks/{task.pk}/{act}/", data)
        assert response.status_code == 400 and "所选人员不在可选范围内" in response.content.decode(), act
    api = client_for(city.reviewer)
    for act, body in (("transfer", {"to": outsider}), ("delegate", {"to": outsider}), ("cc", {"users": [outsider]})):
        response = api.post(f"/api/v1/tasks/{task.pk}/{act}/", body, format="json")
        assert response.status_code == 400, act
    task.refresh_from_db()
    assert task.owner_id is None and not CarbonCopy.objects.exists()


def test_forged_proxies_are_refused(named):
    city = named
    with at(on_day(MONDAY)):
        response = page_client(city.reviewer).post("/work/proxies/", {
            "proxy": city.reviewer_b.pk, "starts_on": str(MONDAY), "ends_on": str(MONDAY), "reason": "出差"})
        assert response.status_code == 400 and "所选人员不在可选范围内" in response.content.decode()
        response = client_for(city.reviewer).post("/api/v1/proxies/", {
            "proxy": "reviewer_b", "starts_on": str(MONDAY), "ends_on": str(MONDAY), "reason": "出差"}, format="json")
        assert response.status_code == 400
    assert not Proxy.objects.exists()


def test_forged_signers_are_refused(db):
    panel = build_panel()
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    before = Signer.objects.count()
    response = page_client(city.reviewer).post(f"/work/tasks/{task.pk}/add-signer/", {"user": city.teacher.pk})
    assert response.status_code == 400 and "所选人员不是您可以选择的人员" in response.content.decode()
    assert client_for(city.reviewer).post(f"/api/v1/tasks/{task.pk}/add-signer/", {"user": city.teacher.pk},
                                          format="json").status_code == 400
    assert client_for(city.city_head).post(f"/api/v1/sign-steps/{group_of(item).pk}/add-signer/",
                                           {"user": city.teacher.pk}, format="json").status_code == 400
    assert Signer.objects.count() == before


def test_forged_meeting_participants_are_refused(city):
    visit = visit_at_meeting(city)
    with at(MEETING_MONDAY):
        form = {"starts_at": "2021-09-23T09:30", "place": "会议室", "participants": [f"staff:{visit.outsider.pk}"]}
        response = page_client(city.city).post(f"/work/items/{visit.item.pk}/meeting/", form)
        assert response.status_code == 400 and "所选人员不在可选范围内" in response.content.decode()
        response = client_for(city.city).post(f"/api/v1/items/{visit.item.pk}/meeting/", {
            "starts_at": "2021-09-23T09:30:00+08:00", "place": "会议室",
            "participants": [{"user": visit.outsider.pk, "role": "staff"}]}, format="json")
        assert response.status_code == 400
    assert not Meeting.objects.exists()
