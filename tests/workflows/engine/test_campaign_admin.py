"""The campaign admin, in Chinese: a campaign with its district quotas is entered in one form; its
edits go through the services (audited) and a quota is never set below the seats taken."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit.models import AuditEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.sampleapp.recommendation import sample_recommend
from tests.workflows.engine.batch_helpers import (
    recommendation_campaign,
    waiting_for_list,
)
from tests.workflows.engine.campaign_helpers import make_programme
from workflows.engine.lists.campaign_edits import set_quota
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_entering_a_campaign_with_district_quotas(admin_client):
    department = OrganisationFactory.department(name="基础教育处")
    heping = OrganisationFactory.district(name="和平区")
    add = reverse("admin:workflows_campaign_add")
    page = admin_client.get(add).content.decode()
    assert "申报批次" in page and "申报截止时间" in page and "区县名额" in page
    response = admin_client.post(add, {
        "programme": make_programme(owner_department=department).pk,
        "name": "2021年度",
        "owner_department": department.pk,
        "opens_at_0": "2021-03-01", "opens_at_1": "08:00:00",
        "closes_at_0": "2021-03-31", "closes_at_1": "17:30:00",
        "total_quota": "100",
        "district_quotas-TOTAL_FORMS": "1", "district_quotas-INITIAL_FORMS": "0",
        "district_quotas-0-district": heping.pk, "district_quotas-0-quota": "8",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert campaign.district_quotas.get().quota == 8
    created = AuditEvent.objects.get(action="campaign_create", object_id=str(campaign.pk))
    assert (created.actor.username, created.data["fields"]["total_quota"]) == ("root", 100)
    assert AuditEvent.objects.get(action="quota_set").data["to"] == 8
    assert "新优质均衡" in admin_client.get(reverse("admin:workflows_campaign_changelist")).content.decode()


def test_a_window_that_closes_before_it_opens_is_refused_in_the_form(admin_client):
    department = OrganisationFactory.department(name="基础教育处")
    response = admin_client.post(reverse("admin:workflows_campaign_add"), {
        "programme": make_programme(owner_department=department).pk, "name": "x", "owner_department": department.pk,
        "opens_at_0": "2021-03-31", "opens_at_1": "08:00:00",
        "closes_at_0": "2021-03-01", "closes_at_1": "17:30:00",
        "district_quotas-TOTAL_FORMS": "0", "district_quotas-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "申报截止时间必须晚于开始时间。" in response.content.decode()
    assert not Campaign.objects.exists()


# --- edits go through the services, audited; never below the seats taken ---------------------

def change_form(campaign, *, total_quota, quotas):
    """The admin's change form of `campaign` as posted: `quotas` [(row or None, district, seats)]."""
    data = {
        "programme": campaign.programme_id,
        "name": campaign.name, "owner_department": campaign.owner_department_id,
        "opens_at_0": "2021-03-01", "opens_at_1": "08:00:00",
        "closes_at_0": "2021-03-31", "closes_at_1": "17:30:00",
        "total_quota": "" if total_quota is None else str(total_quota),
        "district_quotas-TOTAL_FORMS": str(len(quotas)),
        "district_quotas-INITIAL_FORMS": str(sum(1 for row, _d, _s in quotas if row is not None)),
    }
    for n, (row, district, seats) in enumerate(quotas):
        data.update({f"district_quotas-{n}-district": district.pk, f"district_quotas-{n}-quota": str(seats),
                     f"district_quotas-{n}-campaign": campaign.pk})
        if row is not None:
            data[f"district_quotas-{n}-id"] = row.pk
    return data


def test_editing_quotas_in_the_admin_is_audited_on_the_campaign(admin_client, city):
    campaign = recommendation_campaign(city, seats=3, total=10)
    row = campaign.district_quotas.get()
    url = reverse("admin:workflows_campaign_change", args=[campaign.pk])
    response = admin_client.post(url, {**change_form(campaign, total_quota=12, quotas=[(row, city.district_a, 5)]),
                                       "name": "2021年度（调整）"})
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign.refresh_from_db()
    assert (campaign.name, campaign.total_quota, campaign.district_quotas.get().quota) == ("2021年度（调整）", 12, 5)
    events = {event.action: event for event in AuditEvent.objects.filter(object_id=str(campaign.pk))}
    assert events["campaign_edit"].data["fields"] == {"name": "2021年度（调整）"}
    quota_events = AuditEvent.objects.filter(action="quota_set", object_id=str(campaign.pk))
    assert {(e.data["district"], e.data["from"], e.data["to"]) for e in quota_events} == {
        (None, 10, 12), (city.district_a.pk, 3, 5)}
    assert all(e.actor.username == "root" for e in quota_events)


def test_a_quota_below_the_seats_taken_is_refused_in_the_admin_and_changes_nothing(admin_client, city):
    campaign = recommendation_campaign(city, seats=3)
    sample_recommend(items=waiting_for_list(city, campaign, 2), by=city.district_head)
    row = campaign.district_quotas.get()
    before = AuditEvent.objects.count()
    response = admin_client.post(reverse("admin:workflows_campaign_change", args=[campaign.pk]),
                                 change_form(campaign, total_quota=None, quotas=[(row, city.district_a, 1)]))
    assert response.status_code == 200
    assert "名额不能少于已占用的2个。" in response.content.decode()
    assert (row.__class__.objects.get(pk=row.pk).quota, AuditEvent.objects.count()) == (3, before)


def test_set_quota_below_the_seats_taken_is_refused_with_the_numbers_and_changes_nothing(city):
    campaign = recommendation_campaign(city, seats=3, total=5)
    sample_recommend(items=waiting_for_list(city, campaign, 2), by=city.district_head)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        set_quota(campaign=campaign, district=city.district_a, total=1, by=city.city_head)
    assert refused.value.code == "quota_below_taken"
    assert refused.value.messages == ["和平区已占用2个名额，名额不能少于2个。"]
    with pytest.raises(ValidationError, match="已占用2个名额"):  # removing the allocation
        set_quota(campaign=campaign, district=city.district_a, total=None, by=city.city_head)
    with pytest.raises(ValidationError, match="名额必须是不小于0的整数"):
        set_quota(campaign=campaign, total=-1, by=city.city_head)
    assert campaign.district_quotas.get().quota == 3
    assert AuditEvent.objects.count() == before
    # At the seats taken it is accepted, and the counter is recounted from the live members.
    DistrictQuota.objects.filter(campaign=campaign).update(reserved=0)  # a counter gone wrong
    set_quota(campaign=campaign, district=city.district_a, total=2, by=city.city_head)
    assert campaign.district_quotas.values_list("quota", "reserved").get() == (2, 2)
    assert AuditEvent.objects.get(action="quota_set").data == {
        "district": city.district_a.pk, "district_name": "和平区", "from": 3, "to": 2, "taken": 2}
