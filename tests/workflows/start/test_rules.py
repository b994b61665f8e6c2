"""Who may start what (workflows.engine.start.rules), tried from every side."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.orgs.models import SchoolType
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.sampleapp.models import SampleDetails
from tests.sampleapp.start import SAMPLE
from tests.workflows.engine.campaign_helpers import make_programme
from tests.workflows.start.conftest import open_campaign
from workflows.engine.exceptions import NotAllowed
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.start import rules
from workflows.engine.start.services import start_item


def test_a_school_head_and_a_teacher_see_the_open_campaign(city, campaign):
    for user in (city.head, city.teacher):
        (offer,) = rules.offers(user)
        assert (offer.kind, offer.campaign, offer.organisation, offer.remaining) == (SAMPLE, campaign, city.school_a, 100)


def test_start_writes_a_draft_owned_by_the_campaigns_department(city, campaign):
    item = start_item(kind=SAMPLE, campaign=campaign, organisation=city.school_a, by=city.head, title="新优质学校申报",
                      fields={"summary": "自评", "pupils": 900})
    assert (item.status, item.organisation, item.owner_department, item.submitter) == (
        "draft", city.school_a, city.department, city.head)
    assert SampleDetails.objects.get(item=item).campaign == campaign


def refused(user, campaign, organisation):
    with pytest.raises((NotAllowed, ValidationError)) as caught:
        start_item(kind=SAMPLE, campaign=campaign, organisation=organisation, by=user, title="申报")
    return caught.value


def test_nobody_starts_for_another_school(city, campaign):
    assert isinstance(refused(city.head_b, campaign, city.school_a), NotAllowed)
    assert [offer.organisation for offer in rules.offers(city.head_b)] == [city.school_b]


def test_a_district_or_city_reviewer_starts_nothing(city, campaign):
    for user in (city.reviewer, city.district_head, city.city):
        assert rules.offers(user) == []
        assert not rules.may_start(user)
        assert isinstance(refused(user, campaign, city.school_a), NotAllowed)


def test_anonymous_starts_nothing(city, campaign):
    assert rules.offers(AnonymousUser()) == []
    assert isinstance(rules.start_refusal(AnonymousUser(), SAMPLE, campaign, city.school_a), NotAllowed)


def test_an_ineligible_school_type_is_refused_and_not_offered(city, campaign):
    kindergarten = OrganisationFactory.school(parent=city.district_a, name="和平幼儿园", school_type=SchoolType.KINDERGARTEN)
    head = person("kg_head", Role.SCHOOL_HEAD, kindergarten)
    assert rules.offers(head) == []
    refusal = refused(head, campaign, kindergarten)
    assert isinstance(refusal, NotAllowed) and "不在申报范围内" in refusal.message and "幼儿园" in refusal.message


def test_a_campaign_of_another_programme_is_refused(city):
    labour = make_programme(owner_department=city.department, code="labour", name="劳动教育特色学校", kind="unregistered")
    other = open_campaign(city, name="劳动教育", programme=labour)
    assert rules.offers(city.head) == []
    assert "不受理" in refused(city.head, other, city.school_a).message


@pytest.mark.parametrize("opens, closes, word", [(1, 30, "尚未开始"), (-30, -1, "已于")])
def test_a_campaign_not_open_now_is_refused_and_not_offered(city, opens, closes, word):
    now = timezone.now()
    campaign = open_campaign(city, opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes))
    assert rules.offers(city.head) == []
    assert word in " ".join(refused(city.head, campaign, city.school_a).messages)


def test_a_full_or_missing_district_quota_is_refused(city):
    full = open_campaign(city, name="名额已满")
    quota = DistrictQuota.objects.create(campaign=full, district=city.district_a, quota=1)
    DistrictQuota.objects.filter(pk=quota.pk).update(reserved=1)
    assert "名额已满" in " ".join(refused(city.head, full, city.school_a).messages)
    elsewhere = open_campaign(city, name="只给沈河区")
    DistrictQuota.objects.create(campaign=elsewhere, district=city.district_b, quota=3)
    assert "没有给和平区分配名额" in " ".join(refused(city.head, elsewhere, city.school_a).messages)
    assert rules.offers(city.head) == []
    assert [offer.remaining for offer in rules.offers(city.head_b)] == [3]


def test_offers_cost_a_fixed_number_of_queries(city, django_assert_max_num_queries):
    for n in range(5):
        open_campaign(city, name=f"第{n}批")
    with django_assert_max_num_queries(3):
        assert len(rules.offers(city.head)) == 5
