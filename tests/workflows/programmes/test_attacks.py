"""Getting past the programme rules from every side: another department's staff, a district's
reviewer and head, a school head, an expert, nobody signed in; every page and API operation of a
programme and a campaign answers 404 (or sends to sign in), and nothing is written."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEvent
from tests.workflows.api.helpers import client_for
from tests.workflows.programmes.conftest import window
from workflows.engine.lists.campaign_models import Campaign
from workflows.programmes.campaigns import open_campaign
from workflows.programmes.models import Programme


@pytest.fixture
def campaign(town, programme):
    return open_campaign(programme=programme, by=town.city.city, name="2021年度", **window())


def outsiders(town):
    city = town.city
    return [town.preschool_reviewer, city.reviewer, city.district_head, city.head, town.expert]


def snapshot():
    changes = AuditEvent.objects.filter(Q(action__startswith="programme_") | Q(action__startswith="campaign_")
                                        | Q(action="quota_set"))  # not the sign-ins
    return (list(Programme.objects.order_by("pk").values()), list(Campaign.objects.order_by("pk").values()),
            changes.count())


def test_pages_are_404_to_everyone_outside_the_department(client, town, programme, campaign):
    when = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    gets = [reverse("workflows:programme", args=[programme.pk]), reverse("workflows:programme-edit", args=[programme.pk]),
            reverse("workflows:campaign-new", args=[programme.pk]), reverse("workflows:campaign", args=[campaign.pk])]
    posts = [(reverse("workflows:programme-edit", args=[programme.pk]), {"name": "改名"}),
             (reverse("workflows:programme-copy", args=[programme.pk]), {}),
             (reverse("workflows:campaign-new", args=[programme.pk]), {"name": "x", "opens_at": when, "closes_at": when}),
             (reverse("workflows:campaign-edit", args=[campaign.pk]), {"name": "x", "opens_at": when,
                                                                       "closes_at": when}),
             (reverse("workflows:programme-new") + f"?department={town.city.department.pk}", {"name": "x"})]
    before = snapshot()
    for user in outsiders(town):
        client.force_login(user)
        for url in gets:
            assert client.get(url).status_code == 404, (user, url)
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (user, url)
    assert snapshot() == before


def test_a_department_never_creates_in_another_departments_name(client, town):
    client.force_login(town.preschool_reviewer)
    assert "新建学前教育处的申报项目" in client.get(reverse("workflows:programme-new")).content.decode()
    # ?department= naming 基础教育处 is 404, page and API alike.
    assert client.get(reverse("workflows:programme-new") + f"?department={town.city.department.pk}").status_code == 404
    api = client_for(town.preschool_reviewer)
    response = api.post("/api/v1/programmes/", {"department": town.city.department.pk, "kind": "sample", "code": "x",
                                                "year": 2021, "name": "x", "school_types": ["primary"],
                                                "ownerships": ["public"]}, format="json")
    assert response.status_code == 404 and not Programme.objects.exists()


def test_the_list_shows_only_ones_own_departments_programmes(client, town, programme):
    client.force_login(town.preschool_reviewer)
    assert programme.name not in client.get(reverse("workflows:programmes")).content.decode()
    for user in (town.city.reviewer, town.city.head, town.expert):
        client.force_login(user)
        assert client.get(reverse("workflows:programmes")).status_code == 404
    assert client_for(town.preschool_reviewer).get("/api/v1/programmes/").json()["results"] == []


def test_the_api_is_404_to_everyone_outside_the_department(town, programme, campaign):
    now = timezone.now().isoformat()
    calls = [("get", f"/api/v1/programmes/{programme.pk}/", None),
             ("patch", f"/api/v1/programmes/{programme.pk}/", {"name": "改名"}),
             ("post", f"/api/v1/programmes/{programme.pk}/copy/", {}),
             ("get", f"/api/v1/programmes/{programme.pk}/campaigns/", None),
             ("post", f"/api/v1/programmes/{programme.pk}/campaigns/", {"name": "x", "opens_at": now, "closes_at": now}),
             ("get", f"/api/v1/campaigns/{campaign.pk}/", None),
             ("patch", f"/api/v1/campaigns/{campaign.pk}/", {"total_quota": 1}),
             ("get", f"/api/v1/campaigns/{campaign.pk}/progress/", None)]
    before = snapshot()
    for user in outsiders(town):
        api = client_for(user)
        for method, url, body in calls:
            response = getattr(api, method)(url, body, format="json") if body is not None else getattr(api, method)(url)
            assert response.status_code == 404 and response.json()["code"] == "not_found", (user, method, url)
    anonymous = client_for(None)
    for method, url, body in calls:
        assert getattr(anonymous, method)(url).status_code == 401
    assert client_for(town.city.city).get(f"/api/v1/programmes/{2 ** 70}/").status_code == 404
    assert snapshot() == before
