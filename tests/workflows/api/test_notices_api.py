"""公示 over the API: the department publishes, reads a notice and an objection with its objector,
investigates, upholds and dismisses; everyone else gets 404 (or 401 without a token); bad input
400, handled twice 409, approving the waiting task with an objection open 409."""

import pytest
from django.urls import reverse

from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.api.helpers import client_for, reload
from tests.workflows.engine.conftest import open_task
from tests.workflows.engine.notice_helpers import (
    STEP,
    city,  # noqa: F401
    decided,
    first_line,
    honour_campaign,
    objection_to,
    on_publication_day,  # noqa: F401
    published,
)
from workflows.engine.notices.models import Notice, Objection
from workflows.engine.notices.selectors import step_ref

pytestmark = pytest.mark.django_db



def test_the_department_publishes_and_reads(city):  # noqa: F811
    items = decided(city, honour_campaign(city), 2)
    api = client_for(city.city_head)
    body = {"step": step_ref(STEP), "items": [item.pk for item in items], "title": "拟认定名单公示"}
    assert api.post(reverse("api:notice-list"), {**body, "title": ""}, format="json").status_code == 400
    assert api.post(reverse("api:notice-list"), {**body, "step": "no.such.Step"}, format="json").status_code == 404
    created = api.post(reverse("api:notice-list"), {**body, "days": 7}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["working_days"] == 7 and [entry["item"] for entry in data["entries"]] == [i.pk for i in items]
    again = api.post(reverse("api:notice-list"), body, format="json")
    assert again.status_code == 409 and "已在公示中" in again.json()["detail"]
    listing = api.get(reverse("api:notice-list")).json()
    assert [row["id"] for row in listing["results"]] == [data["id"]]


def test_handling_over_the_api(city):  # noqa: F811
    notice = published(city, decided(city, honour_campaign(city), 1))
    objection = objection_to(first_line(notice))
    api = client_for(city.city)
    detail = api.get(reverse("api:objection-detail", args=[objection.pk])).json()
    assert (detail["real_name"], detail["phone"], detail["state"]) == ("张三", "13800000001", "lodged")
    assert api.post(reverse("api:objection-investigate", args=[objection.pk]), {"note": ""}).status_code == 400
    assert api.post(reverse("api:objection-investigate", args=[objection.pk]),
                    {"note": "调取证书"}).json()["state"] == "investigating"
    task = open_task(notice.entries.get().item)
    refused = client_for(city.city_head).post(reverse("api:task-approve", args=[task.pk]), {})
    assert refused.status_code == 409 and "尚未处理的公示异议" in refused.json()["detail"]
    dismissed = api.post(reverse("api:objection-dismiss", args=[objection.pk]), {"reason": "不属实"})
    assert dismissed.status_code == 200 and dismissed.json()["state"] == "dismissed"
    twice = api.post(reverse("api:objection-uphold", args=[objection.pk]), {"reason": "成立"})
    assert twice.status_code == 409
    assert client_for(city.city).get(reverse("api:notice-detail", args=[notice.pk])).json()["entries"][0][
        "objections"][0]["state"] == "dismissed"


def test_an_upheld_objection_over_the_api_sends_the_item_back(city):  # noqa: F811
    notice = published(city, decided(city, honour_campaign(city), 1))
    objection = objection_to(first_line(notice))
    response = client_for(city.city_head).post(reverse("api:objection-uphold", args=[objection.pk]),
                                               {"reason": "证书伪造"})
    assert response.status_code == 200 and reload(notice.entries.get().item).status == "city_decision"


def test_nobody_else_reaches_them(city):  # noqa: F811
    notice = published(city, decided(city, honour_campaign(city), 1))
    objection = objection_to(first_line(notice))
    other = person("other_head", Role.CITY_HEAD, OrganisationFactory.department(name="职成教处", code="voc"))
    urls = [reverse("api:notice-detail", args=[notice.pk]), reverse("api:objection-detail", args=[objection.pk])]
    for url in urls:
        assert client_for(None).get(url).status_code == 401
    for user in (other, city.district_head, city.head):
        api = client_for(user)
        for url in urls:
            assert api.get(url).status_code == 404
        assert api.post(reverse("api:objection-uphold", args=[objection.pk]), {"reason": "x"}).status_code == 404
        assert api.get(reverse("api:notice-list")).json()["results"] == []
    assert Objection.objects.get().state == "lodged" and Notice.objects.count() == 1
