"""The campaign admin, in Chinese: a campaign with its district quotas is entered in one form."""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from workflows.engine.campaign_models import Campaign

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
        "programme_code": "new-quality",
        "programme_name": "新优质均衡(示范)学校",
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
    assert "新优质均衡" in admin_client.get(reverse("admin:workflows_campaign_changelist")).content.decode()


def test_a_window_that_closes_before_it_opens_is_refused_in_the_form(admin_client):
    department = OrganisationFactory.department(name="基础教育处")
    response = admin_client.post(reverse("admin:workflows_campaign_add"), {
        "programme_code": "new-quality", "programme_name": "x", "name": "x", "owner_department": department.pk,
        "opens_at_0": "2021-03-31", "opens_at_1": "08:00:00",
        "closes_at_0": "2021-03-01", "closes_at_1": "17:30:00",
        "district_quotas-TOTAL_FORMS": "0", "district_quotas-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "申报截止时间必须晚于开始时间。" in response.content.decode()
    assert not Campaign.objects.exists()
