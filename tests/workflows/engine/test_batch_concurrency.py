"""On PostgreSQL: list acts racing on one campaign never exceed its quota, a member is listed
once however many lists race for it, and a member's busy process makes the list fail at once
with nothing written."""

import pytest
from django.core.exceptions import ValidationError
from viewflow.workflow.models import Process

from core.orgs.roles import Role
from tests.city import build_city
from tests.factories import user_with_role
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.recommendation import sample_recommend
from tests.threads import row_locked, run_together
from tests.workflows.engine.batch_helpers import (
    recommendation_campaign,
    waiting_for_list,
)
from tests.workflows.engine.conftest import open_task
from workflows.engine.exceptions import Busy
from workflows.engine.lists.campaign_models import DistrictQuota
from workflows.engine.lists.models import ListAct, ListMember
from workflows.engine.lists.step import MembersNotWaiting
from workflows.engine.models import Decision, Item

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
S = SampleApplication.Status


def district_heads(city, count):
    return [city.district_head] + [user_with_role(Role.DISTRICT_HEAD, city.district_a) for _ in range(count - 1)]


def seats_taken(campaign, city):
    return DistrictQuota.objects.get(campaign=campaign, district=city.district_a).reserved


def test_two_lists_racing_for_the_last_seats_never_exceed_the_quota(on_postgres):
    city = build_city()
    campaign = recommendation_campaign(city, seats=3)
    items = waiting_for_list(city, campaign, 4)
    heads = district_heads(city, 2)
    lists = [items[:2], items[2:]]

    results, errors = run_together(lambda i: sample_recommend(items=lists[i], by=heads[i]), 2)

    assert len(results) == 1 and len(errors) == 1, errors
    assert isinstance(errors[0], ValidationError) and errors[0].code == "quota_exceeded"
    assert errors[0].params["reserved"] == 2 and errors[0].params["count"] == 2
    assert seats_taken(campaign, city) == 2
    listed = {member.item_id for member in ListMember.objects.all()}
    assert listed in ({item.pk for item in lists[0]}, {item.pk for item in lists[1]})
    for item in items:
        assert Item.objects.get(pk=item.pk).status == (S.CITY_REVIEW if item.pk in listed else S.DISTRICT_RECOMMEND)


def test_many_single_item_lists_at_once_take_exactly_the_quota(on_postgres):
    city = build_city()
    campaign = recommendation_campaign(city, seats=3)
    racers = 8
    items = waiting_for_list(city, campaign, racers)
    heads = district_heads(city, racers)

    results, errors = run_together(lambda i: sample_recommend(items=[items[i]], by=heads[i]), racers)

    assert len(results) == 3, errors
    assert all(isinstance(e, ValidationError) and e.code == "quota_exceeded" for e in errors), errors
    assert seats_taken(campaign, city) == 3 == ListAct.objects.count() == Decision.objects.filter(
        step="district_recommend").count()


def test_the_same_members_in_two_racing_lists_are_listed_once(on_postgres):
    city = build_city()
    campaign = recommendation_campaign(city, seats=10)
    items = waiting_for_list(city, campaign, 2)
    heads = district_heads(city, 2)

    results, errors = run_together(lambda i: sample_recommend(items=items, by=heads[i]), 2)

    assert len(results) == 1 and len(errors) == 1
    # The loser queued on the campaign, then found the members moved on: its seats went back.
    assert isinstance(errors[0], MembersNotWaiting), errors
    assert seats_taken(campaign, city) == 2
    assert ListMember.objects.count() == 2 and Decision.objects.filter(step="district_recommend").count() == 2


def test_a_members_busy_process_fails_the_list_at_once_and_writes_nothing(on_postgres):
    city = build_city()
    campaign = recommendation_campaign(city, seats=10)
    items = waiting_for_list(city, campaign, 3)
    with row_locked(Process, open_task(items[1]).process_id), pytest.raises(Busy):
        sample_recommend(items=items, by=city.district_head)
    assert seats_taken(campaign, city) == 0
    assert not ListAct.objects.exists() and not Decision.objects.filter(step="district_recommend").exists()
    assert all(Item.objects.get(pk=item.pk).status == S.DISTRICT_RECOMMEND for item in items)
    sample_recommend(items=items, by=city.district_head)  # once the other act is done, it goes through
    assert seats_taken(campaign, city) == 3
