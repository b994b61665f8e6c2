"""The demo's programmes piece: this year's rounds copied from 2021 with their rubrics, a campaign
open now with seats in every district; seeding twice writes nothing more."""

import pytest
from django.utils import timezone

from core.orgs.demo import seed_demo_city
from workflows.demo import programmes, rubrics
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.rubrics.models import Rubric
from workflows.programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_this_year_s_rounds_open_with_their_rubrics_and_seats_and_seeding_twice_adds_nothing():
    seed_demo_city(password="Demo@2026-test")
    tries = programmes.seed()
    year = timezone.localdate().year
    assert [t.username for t in tries] == ["basic_head", "basic_head", "preschool_reviewer"]
    for code, _department, spec, seats in programmes.THIS_YEAR:
        programme = Programme.objects.get(code=code, year=year)
        assert programme.copied_from.year == 2021 and programme.rubric.name == spec.name
        campaign = programmes.campaign_of(code)
        assert campaign.opens_at < timezone.now() < campaign.closes_at
        assert campaign.total_quota == programme.total_quota
        assert set(DistrictQuota.objects.filter(campaign=campaign).values_list("quota", flat=True)) == {seats}
        assert programme.rubric.frozen  # taken into use by its campaign
    assert Programme.objects.get(code="new-quality", year=year).total_quota == 100
    assert not Rubric.objects.get(name=rubrics.CURRICULUM.name).frozen
    assert Rubric.objects.get(name=rubrics.INCLUSIVE.name, year=year - 1).frozen
    counts = Programme.objects.count(), Campaign.objects.count(), Rubric.objects.count()
    assert programmes.seed() == tries
    assert (Programme.objects.count(), Campaign.objects.count(), Rubric.objects.count()) == counts
