"""形式审查截止时间 is the campaign's data: set and changed on the campaign's page and over the API,
refused (in Chinese, nothing written) unless after the submission close, and audited."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEvent
from tests.workflows.api.helpers import client_for
from tests.workflows.programmes.conftest import programme, town, window  # noqa: F401
from workflows.engine.lists.campaign_models import Campaign
from workflows.programmes.campaigns import open_campaign

WHEN = "%Y-%m-%dT%H:%M"


def test_the_department_sets_the_date_on_the_page_and_the_api(town, programme):  # noqa: F811
    city = town.city
    times = window(opens=-1, closes=20)
    campaign = open_campaign(programme=programme, by=city.city, name="2021年度", **times)
    client = Client()
    client.force_login(city.city)
    form = {"name": "2021年度", "opens_at": timezone.localtime(times["opens_at"]).strftime(WHEN),
            "closes_at": timezone.localtime(times["closes_at"]).strftime(WHEN), "total_quota": "100",
            f"quota_{city.district_a.pk}": "6", f"quota_{city.district_b.pk}": "4"}
    too_early = client.post(reverse("workflows:campaign-edit", args=[campaign.pk]), {
        **form, "formal_review_closes_at": timezone.localtime(times["closes_at"] - timedelta(days=1)).strftime(WHEN)})
    assert too_early.status_code == 400 and "形式审查截止时间必须晚于申报截止时间" in too_early.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).formal_review_closes_at is None
    formal = timezone.localtime(times["closes_at"] + timedelta(days=10)).replace(second=0, microsecond=0)
    saved = client.post(reverse("workflows:campaign-edit", args=[campaign.pk]),
                        {**form, "formal_review_closes_at": formal.strftime(WHEN)})
    assert saved.status_code == 302 and Campaign.objects.get(pk=campaign.pk).formal_review_closes_at == formal
    event = AuditEvent.objects.filter(action="campaign_edit", object_id=str(campaign.pk)).latest("seq")
    assert "formal_review_closes_at" in event.data["fields"]
    assert "形式审查截止时间" in client.get(reverse("workflows:campaign", args=[campaign.pk])).content.decode()

    api = client_for(city.city)
    url = reverse("api:campaign-detail", args=[campaign.pk])
    assert api.get(url).json()["formal_review_closes_at"] is not None
    bad = api.patch(url, {"formal_review_closes_at": times["opens_at"].isoformat()}, format="json")
    assert bad.status_code == 400 and "形式审查截止时间必须晚于申报截止时间" in str(bad.json())
    assert Campaign.objects.get(pk=campaign.pk).formal_review_closes_at == formal
    cleared = api.patch(url, {"formal_review_closes_at": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["formal_review_closes_at"] is None
    assert client_for(city.reviewer).patch(url, {"formal_review_closes_at": None}, format="json").status_code == 404
