"""The 督导分析 page and its API: the 督导室 sees every row and the alerts linking to the cases, a
target district only its own row (its history too), outsiders and anonymous 404 or the login."""

from decimal import Decimal

from django.urls import reverse

from tests.workflows.api.helpers import client_for
from tests.workflows.inspection.helpers import dispatched
from tests.workflows.inspection.insights.test_selectors import case_of, score


def test_the_office_sees_the_ranking_and_a_district_its_own_row(city, client):
    plan = dispatched(city, targets=city.districts[:3])
    a, b, c = city.districts[:3]
    score(city, plan, a, "A1", 6)
    score(city, plan, b, "A1", 9)
    url = reverse("workflows:inspection:plan-insights", args=[plan.pk])
    client.force_login(city.planner)
    response = client.get(url)
    page = response.content.decode()
    assert page.index(b.name) < page.index(a.name) and c.name in page
    assert "督导分析" in page
    chart = response.context["chart"]["sections"][0]
    assert chart["names"] == [b.name, a.name] and chart["series"][0]["data"] == ["9.00", "6.00"]
    client.force_login(city.staff[a.pk])
    own = client.get(url, {"district": b.pk}).content.decode()  # asks for b's years: gets its own
    assert a.name in own and b.name not in own and c.name not in own
    assert f"{a.name}历年结果" in own


def test_the_api_gives_the_same_rows_and_alerts_link_cases(city):
    plan = dispatched(city, targets=city.districts[:2])
    a, b = city.districts[:2]
    score(city, plan, a, "A1", 6)
    score(city, plan, b, "A1", 9)
    url = f"/api/v1/inspection-plans/{plan.pk}/insights/"
    data = client_for(city.planner).get(url, {"district": a.pk}).json()
    assert [(r["target"], r["overall_rank"], Decimal(r["overall"])) for r in data["rows"]] == [
        (b.pk, 1, Decimal("9")), (a.pk, 2, Decimal("6"))]
    assert [h["plan"] for h in data["history"]] == [plan.pk]
    own = client_for(city.staff[b.pk]).get(url).json()
    assert [r["case"] for r in own["rows"]] == [case_of(plan, b)]
    assert all(alert["target"] == b.pk for alert in own["alerts"])


def test_attacks_are_404(city, client):
    plan = dispatched(city, targets=city.districts[:2])
    outsider = city.staff[city.districts[6].pk]
    school_head = next(iter(city.school_heads.values()))
    url = f"/api/v1/inspection-plans/{plan.pk}/insights/"
    for user in (outsider, school_head):
        assert client_for(user).get(url).status_code == 404
        client.force_login(user)
        assert client.get(reverse("workflows:inspection:plan-insights", args=[plan.pk])).status_code == 404
    assert client_for(city.planner).get(url, {"district": city.districts[6].pk}).status_code == 404
    assert client_for(city.planner).get(f"/api/v1/inspection-plans/{plan.pk + 9999}/insights/").status_code == 404
    client.logout()
    assert client.get(reverse("workflows:inspection:plan-insights", args=[plan.pk])).status_code == 302
