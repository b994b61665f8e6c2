"""Statistics: counts by kind × status × district and the median time per step, within scope."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services


def counts(response):
    assert response.status_code == 200, response.json()
    return {(row["district"]["name"] if row["district"] else None, row["status"]): row["count"]
            for row in response.json()["counts"]}


def school_b_item(city):
    item = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b, title="沈河申报")
    sample_submit(item=item, by=city.head_b)
    return item


def test_a_district_sees_itself_and_the_city_sees_all(city):
    submitted_item(city)
    submitted_item(city)
    school_b_item(city)
    services.approve_task(task=open_task(submitted_item(city)), by=city.reviewer)

    assert counts(client_for(city.reviewer).get("/api/v1/stats/")) == {
        ("和平区", "district_review"): 2, ("和平区", "city_review"): 1}
    assert counts(client_for(city.reviewer_b).get("/api/v1/stats/")) == {("沈河区", "district_review"): 1}
    assert counts(client_for(city.city).get("/api/v1/stats/")) == {
        ("和平区", "district_review"): 2, ("和平区", "city_review"): 1, ("沈河区", "district_review"): 1}
    assert counts(client_for(city.city).get("/api/v1/stats/", {"district": city.district_b.pk})) == {
        ("沈河区", "district_review"): 1}
    rows = client_for(city.city).get("/api/v1/stats/").json()["counts"]
    assert {(row["kind_label"], row["status_label"]) for row in rows} == {("示例申报", "区县审核中"), ("示例申报", "市局审核中")}


def test_items_outside_any_district_have_none(city):
    other = Organisation.objects.create(name="市直学校", kind=OrgKind.SCHOOL, parent=city.bureau, code="2101990001",
                                        school_type="primary", ownership="public")
    assert other.district() is None
    from core.orgs.services import grant_role

    grant_role(user=city.head_b, role="school_head", organisation=other)
    sample_create(organisation=other, owner_department=city.department, by=city.head_b, title="市直")
    # Its school sees its draft counted without a district; the department not until it is submitted.
    assert counts(client_for(city.head_b).get("/api/v1/stats/")) == {(None, "draft"): 1}
    assert counts(client_for(city.city).get("/api/v1/stats/")) == {}


def test_median_time_per_step(city):
    start = timezone.now()
    for hours in (1, 3, 10):
        with time_machine.travel(start, tick=False):
            item = submitted_item(city)
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            services.approve_task(task=open_task(item), by=city.reviewer)
    durations = client_for(city.city).get("/api/v1/stats/").json()["step_durations"]
    assert durations == [{"kind": "sample", "kind_label": "示例申报", "step": "district_review",
                          "step_title": "区县审核", "finished": 3, "median_seconds": 3 * 3600.0}]
    assert client_for(city.reviewer_b).get("/api/v1/stats/").json()["step_durations"] == []


def test_bad_stats_filters_are_400(city):
    response = client_for(city.city).get("/api/v1/stats/", {"created_after": "yesterday"})
    assert response.status_code == 400 and "created_after" in response.json()["fields"]
