"""申报项目 and 申报批次 over the API: the department's acts, bad input 400 by field, and the list's
queries fixed."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.workflows.api.helpers import client_for
from tests.workflows.engine.rubrics.helpers import school_rubric
from tests.workflows.programmes.conftest import programme_fields
from workflows.engine.lists.campaign_models import Campaign
from workflows.programmes.models import Programme
from workflows.programmes.services import create_programme

BODY = {"kind": "accreditation", "code": "labour-education", "year": 2021, "name": "劳动教育特色学校",
        "school_types": ["primary", "junior", "senior"], "ownerships": ["public"], "total_quota": 20,
        "slots": [{"code": "report", "name": "自评报告", "accepted": ["pdf", "word"]}]}


def test_create_read_edit_and_copy(town):
    city = town.city
    api = client_for(city.city)
    created = api.post("/api/v1/programmes/", {**BODY, "district_quotas": [{"district": city.district_a.pk,
                                                                            "quota": 5}]}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["owner_department"], data["school_types"], data["slots"][0]["required"]) == (
        city.department.pk, ["primary", "junior", "senior"], True)
    assert data["district_quotas"] == [{"district": city.district_a.pk, "district_name": "和平区", "quota": 5}]
    pk = data["id"]
    patched = api.patch(f"/api/v1/programmes/{pk}/", {"onsite_visit": True, "notice_days": 7}, format="json")
    assert patched.status_code == 200 and (patched.json()["onsite_visit"], patched.json()["notice_days"]) == (True, 7)
    assert api.get(f"/api/v1/programmes/{pk}/").json()["district_quotas"][0]["quota"] == 5  # untouched
    copy = api.post(f"/api/v1/programmes/{pk}/copy/", {}, format="json")
    assert copy.status_code == 201 and (copy.json()["year"], copy.json()["copied_from"]) == (2022, pk)
    listed = api.get("/api/v1/programmes/?year=2022").json()
    assert [row["id"] for row in listed["results"]] == [copy.json()["id"]]


def test_bad_bodies_are_400_by_field_and_write_nothing(town):
    api = client_for(town.city.city)
    for body, field in (({**BODY, "school_types": []}, "school_types"), ({**BODY, "school_types": ["castle"]},
                                                                         "school_types"),
                        ({**BODY, "notice_days": 0}, "notice_days"), ({**BODY, "kind": "nonsense"}, "kind"),
                        ({**BODY, "rubric": 2 ** 40}, "rubric"),
                        ({**BODY, "district_quotas": [{"district": town.city.school_a.pk, "quota": 1}]},
                         "district_quotas")):
        response = api.post("/api/v1/programmes/", body, format="json")
        assert response.status_code == 400 and field in response.json()["fields"], (field, response.json())
    assert api.get("/api/v1/programmes/?year=abc").status_code == 400
    assert not Programme.objects.exists()


def test_open_a_campaign_edit_it_and_read_its_progress(town, programme):
    city = town.city
    api = client_for(city.city_head)
    now = timezone.now()
    body = {"name": "2021年度", "opens_at": (now - timedelta(days=1)).isoformat(),
            "closes_at": (now + timedelta(days=20)).isoformat()}
    bad = api.post(f"/api/v1/programmes/{programme.pk}/campaigns/", {**body, "closes_at": body["opens_at"]},
                   format="json")
    assert bad.status_code == 400 and "申报截止时间必须晚于开始时间" in str(bad.json()["fields"])
    opened = api.post(f"/api/v1/programmes/{programme.pk}/campaigns/", body, format="json")
    assert opened.status_code == 201, opened.json()
    campaign = opened.json()
    assert (campaign["total_quota"], len(campaign["district_quotas"])) == (100, 2)  # the programme's own
    edited = api.patch(f"/api/v1/campaigns/{campaign['id']}/", {
        "total_quota": None, "district_quotas": [{"district": city.district_b.pk, "quota": None}]}, format="json")
    assert edited.status_code == 200 and edited.json()["total_quota"] is None
    assert [q["district_name"] for q in edited.json()["district_quotas"]] == ["和平区"]
    progress = api.get(f"/api/v1/campaigns/{campaign['id']}/progress/").json()
    assert progress["counts"] == {"none": 2, "started": 0, "submitted": 0}
    assert {row["school_name"]: row["state"] for row in progress["schools"]} == {"和平一校": "none", "沈河一校": "none"}
    assert [row["id"] for row in api.get(f"/api/v1/programmes/{programme.pk}/campaigns/").json()["results"]] == [
        campaign["id"]]


def test_a_frozen_rubric_cannot_be_swapped_through_the_api(town, programme):
    city = town.city
    api = client_for(city.city)
    now = timezone.now()
    api.post(f"/api/v1/programmes/{programme.pk}/campaigns/", {
        "name": "2021年度", "opens_at": now.isoformat(), "closes_at": (now + timedelta(days=9)).isoformat()},
        format="json")
    rubric = school_rubric(city.department, city.city)
    response = api.patch(f"/api/v1/programmes/{programme.pk}/", {"rubric": rubric.pk}, format="json")
    assert response.status_code == 400 and "不能再修改" in str(response.json()["fields"]["rubric"])
    assert Programme.objects.get().rubric is None and Campaign.objects.count() == 1


def test_the_list_costs_the_same_however_many_programmes(town, programme):
    api = client_for(town.city.city)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/programmes/").status_code == 200
        return len(queries)
    before = count()
    for n in range(4):
        create_programme(department=town.city.department, by=town.city.city,
                         district_quotas={town.city.district_a: n}, **programme_fields(code=f"p{n}", name=f"项目{n}"))
    assert count() == before
