"""Items: search and filters, detail, the timeline (history) and withdrawal."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from tests.workflows.api.helpers import client_for, reload
from tests.workflows.engine.conftest import new_item, open_task, submitted_item
from workflows.engine import services
from workflows.engine.models import Item

SHANGHAI = ZoneInfo("Asia/Shanghai")


def refs(response):
    assert response.status_code == 200, response.json()
    return [row["ref_no"] for row in response.json()["results"]]


def test_search_by_reference_school_and_text(city):
    apple = submitted_item(city, title="劳动教育特色学校申报")
    pear = submitted_item(city, title="科技创新教育特色学校申报")
    api = client_for(city.reviewer)
    assert refs(api.get("/api/v1/items/", {"q": apple.ref_no})) == [apple.ref_no]
    assert refs(api.get("/api/v1/items/", {"q": "科技 特色"})) == [pear.ref_no]
    assert set(refs(api.get("/api/v1/items/", {"q": "和平一校"}))) == {apple.ref_no, pear.ref_no}
    assert refs(api.get("/api/v1/items/", {"q": "沈河"})) == []


def test_filters_kind_status_district_year_and_dates(city):
    with time_machine.travel(datetime(2025, 12, 31, 23, 0, tzinfo=SHANGHAI), tick=False):
        old = submitted_item(city)
    draft = new_item(city)
    current = submitted_item(city)
    api = client_for(city.city)  # the department sees every district
    assert refs(client_for(city.head).get("/api/v1/items/", {"status": "draft"})) == [draft.ref_no]
    this_year = {"status": "district_review", "year": timezone.localdate().year}
    assert refs(client_for(city.head).get("/api/v1/items/", this_year)) == [current.ref_no]
    assert refs(api.get("/api/v1/items/", {"year": 2025})) == [old.ref_no]
    assert refs(api.get("/api/v1/items/", {"created_before": "2025-12-31"})) == [old.ref_no]
    # The draft is the school's own until it is submitted: the department's lists leave it out.
    assert refs(api.get("/api/v1/items/", {"created_after": "2026-01-01", "kind": "sample"})) == [current.ref_no]
    assert set(refs(api.get("/api/v1/items/", {"district": city.district_a.pk}))) == {old.ref_no, current.ref_no}
    assert refs(api.get("/api/v1/items/", {"district": city.district_b.pk})) == []
    assert refs(api.get("/api/v1/items/", {"district": city.school_a.pk})) == []  # not a district
    assert refs(api.get("/api/v1/items/", {"ordering": "created_at"})) == [old.ref_no, current.ref_no]
    assert refs(client_for(city.head).get("/api/v1/items/", {"ordering": "created_at"})) == [
        old.ref_no, draft.ref_no, current.ref_no]
    assert refs(api.get("/api/v1/items/", {"campaign": 1})) == []  # no kind belongs to campaigns yet


def test_bad_filters_are_400_with_field_errors(city):
    api = client_for(city.city)
    response = api.get("/api/v1/items/", {"created_after": "2026-13-45", "year": "abc", "ordering": "drop table"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"created_after", "year", "ordering"}
    reversed_range = api.get("/api/v1/items/", {"created_after": "2026-02-01", "created_before": "2026-01-01"})
    assert reversed_range.json()["fields"] == {"created_before": ["结束日期不能早于开始日期。"]}


def test_a_page_past_the_end_is_404_with_a_message(city):
    submitted_item(city)
    api = client_for(city.reviewer)
    assert api.get("/api/v1/items/", {"page": 1}).status_code == 200
    past = api.get("/api/v1/items/", {"page": 9})
    assert past.status_code == 404 and "第“9”页不存在" in past.json()["detail"]
    assert api.get("/api/v1/items/", {"page": "x"}).status_code == 404


def test_page_size_is_bounded(city):
    for _ in range(3):
        submitted_item(city)
    body = client_for(city.reviewer).get("/api/v1/items/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


def test_detail_shows_fields_and_open_tasks(city):
    item = submitted_item(city, summary="办学规范", pupils=640)
    body = client_for(city.reviewer).get(f"/api/v1/items/{item.pk}/").json()
    assert body["ref_no"] == item.ref_no and body["kind_label"] == "示例申报"
    assert body["content"]["pupils"] == {"label": "在校生人数", "value": 640}
    assert [t["step"] for t in body["open_tasks"]] == ["district_review"] and body["may_withdraw"] is False
    assert client_for(city.head).get(f"/api/v1/items/{item.pk}/").json()["may_withdraw"] is True
    assert client_for(city.reviewer_b).get(f"/api/v1/items/{item.pk}/").status_code == 404
    assert client_for(city.reviewer).get("/api/v1/items/0/").status_code == 404


def test_history_lists_every_event_with_who_when_and_comment(city):
    item = submitted_item(city)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充自评报告")
    response = client_for(city.head).get(f"/api/v1/items/{item.pk}/history/")
    assert response.status_code == 200
    events = response.json()["results"]
    assert [e["action"] for e in events] == ["create", "submit", "return"]
    returned = events[-1]
    assert returned["actor"]["username"] == "reviewer" and returned["comment"] == "请补充自评报告"
    assert returned["acting_for"] is None and returned["organisation"]["name"] == "和平区"
    assert returned["from_status"] == "district_review" and returned["to_status"] == "returned"
    assert returned["created_at"]
    assert client_for(city.head_b).get(f"/api/v1/items/{item.pk}/history/").status_code == 404


def test_withdraw_by_the_submitter_before_a_decision(city):
    item = submitted_item(city)
    assert client_for(city.reviewer).post(f"/api/v1/items/{item.pk}/withdraw/").status_code == 403
    assert client_for(city.head_b).post(f"/api/v1/items/{item.pk}/withdraw/").status_code == 404
    response = client_for(city.head).post(f"/api/v1/items/{item.pk}/withdraw/", {"comment": "材料有误"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    again = client_for(city.head).post(f"/api/v1/items/{item.pk}/withdraw/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    assert reload(item).status == "withdrawn"


def test_withdraw_after_a_decision_is_a_conflict(city):
    item = submitted_item(city)
    services.approve_task(task=open_task(item), by=city.reviewer)
    response = client_for(city.head).post(f"/api/v1/items/{item.pk}/withdraw/")
    assert response.status_code == 409 and "已作出决定" in response.json()["detail"]
    assert Item.objects.get(pk=item.pk).status == "city_review"


def test_an_empty_status_filter_is_a_field_error_not_absent(city):
    client = client_for(city.reviewer)
    for url in ("/api/v1/items/", "/api/v1/stats/"):
        response = client.get(url, {"status": ""})
        assert response.status_code == 400, url
        assert "status" in response.json()["fields"]
    assert client.get("/api/v1/items/", {"q": ""}).status_code == 200  # free text may be blank
