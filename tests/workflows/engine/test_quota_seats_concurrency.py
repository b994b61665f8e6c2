"""On PostgreSQL, in threads with real transactions: lists racing for the last seat, whether the
campaign's total or a seat a return has just freed, get exactly one winner, and the counters stay
what the live memberships add up to."""

import pytest
from django.core.exceptions import ValidationError

from core.orgs.roles import Role
from tests.factories import user_with_role
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.recommendation import (
    RecommendationFlow,
    sample_decide,
    sample_recommend,
)
from tests.sampleapp.services import sample_create
from tests.threads import run_together
from tests.workflows.engine.batch_helpers import (
    recommendation_campaign,
    waiting_for_list,
)
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.conftest import build_city, open_task, reload
from workflows.engine import services
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.campaigns import seats_taken
from workflows.engine.lists.models import ListMember

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
S = SampleApplication.Status


def awaiting_decision(city, campaign, *, school, submitter, reviewer, district_head):
    """An application of `school` recommended by its district and passed by the city review."""
    item = sample_create(organisation=school, owner_department=city.department, by=submitter, title="申报",
                         campaign=campaign)
    services.submit_item(item=item, by=submitter, flow_class=RecommendationFlow)
    services.approve_task(task=open_task(item), by=reviewer)
    sample_recommend(items=[reload(item)], by=district_head)
    services.approve_task(task=open_task(item), by=city.city)
    return reload(item)


def test_two_districts_racing_for_the_last_seat_of_the_total_get_exactly_one(on_postgres):
    city = build_city()
    campaign = make_campaign(total_quota=1, district_quotas={city.district_a: 1, city.district_b: 1})
    head_b = user_with_role(Role.DISTRICT_HEAD, city.district_b)
    candidates = [
        awaiting_decision(city, campaign, school=city.school_a, submitter=city.head, reviewer=city.reviewer,
                          district_head=city.district_head),
        awaiting_decision(city, campaign, school=city.school_b, submitter=city.head_b, reviewer=city.reviewer_b,
                          district_head=head_b),
    ]
    deciders = [city.city_head, user_with_role(Role.CITY_HEAD, city.department)]

    results, errors = run_together(lambda i: sample_decide(items=[candidates[i]], by=deciders[i]), 2)

    assert len(results) == 1 and len(errors) == 1, errors
    assert isinstance(errors[0], ValidationError) and errors[0].code == "quota_exceeded"
    assert "总名额不足：共1个，已占用1个" in errors[0].messages[0]
    assert sorted(reload(item).status for item in candidates) == [S.APPROVED, S.CITY_DECISION]
    assert Campaign.objects.get(pk=campaign.pk).total_reserved == seats_taken(campaign=campaign) == 1


def test_lists_racing_for_a_seat_a_return_freed_get_exactly_one(on_postgres):
    city = build_city()
    campaign = recommendation_campaign(city, seats=1)
    first, second, third = waiting_for_list(city, campaign, 3)
    sample_recommend(items=[first], by=city.district_head)
    services.return_task(task=open_task(first), by=city.city, to="district_review", comment="请区县复核。")
    heads = [city.district_head, user_with_role(Role.DISTRICT_HEAD, city.district_a)]
    racing = [second, third]

    results, errors = run_together(lambda i: sample_recommend(items=[racing[i]], by=heads[i]), 2)

    assert len(results) == 1 and len(errors) == 1, errors
    assert isinstance(errors[0], ValidationError) and errors[0].code == "quota_exceeded"
    assert "名额不足：共1个，已占用1个" in errors[0].messages[0]
    counter = DistrictQuota.objects.get(campaign=campaign, district=city.district_a).reserved
    assert counter == seats_taken(campaign=campaign, district=city.district_a) == 1
    assert ListMember.objects.live().count() == 1
