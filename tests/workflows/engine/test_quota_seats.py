"""Quota seats (名额) belong to live list memberships: every path that sends a listed item back past
its list (a city return to the district, a reject, a withdrawal, a lapsed revision) frees its seat,
audited; an approved item keeps its seats; a return that comes back after the list keeps them."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.audit.models import AuditEvent
from core.calendar import install_test_calendar
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.recommendation import sample_decide, sample_recommend
from tests.workflows.engine.batch_helpers import (
    recommendation_campaign,
    waiting_for_list,
)
from tests.workflows.engine.campaign_helpers import local
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from workflows.engine import services
from workflows.engine.lists import seats
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.campaigns import seats_taken
from workflows.engine.lists.models import ListMember
from workflows.tasks import fire_timers

pytestmark = pytest.mark.django_db
S = SampleApplication.Status


def district_seats(campaign, city):
    """(the counter, the live memberships): always equal."""
    counter = DistrictQuota.objects.get(campaign=campaign, district=city.district_a).reserved
    return counter, seats_taken(campaign=campaign, district=city.district_a)


def total_seats(campaign):
    return Campaign.objects.get(pk=campaign.pk).total_reserved, seats_taken(campaign=campaign)


def recommended(city, seats_in_district=1, total=None):
    """One application on the district's recommendation list, now at the city review."""
    campaign = recommendation_campaign(city, seats=seats_in_district, total=total)
    (item,) = waiting_for_list(city, campaign, 1)
    sample_recommend(items=[item], by=city.district_head, comment="同意推荐。")
    assert district_seats(campaign, city) == (1, 1)
    return campaign, reload(item)


def released_event(item):
    return AuditEvent.objects.get(action="seats_released", object_id=str(item.pk))


def test_a_city_return_to_the_district_frees_the_seat_and_the_item_can_be_recommended_again(city):
    campaign, item = recommended(city)
    # The leak this fixes: the seat stayed taken, and recommending the item again was refused
    # with "名额不足：共1个，已占用1个".
    services.return_task(task=open_task(item), by=city.city, to="district_review", comment="请区县复核。")
    assert district_seats(campaign, city) == (0, 0)
    member = ListMember.objects.get(item=item)
    assert (member.end_reason, member.ended_at is not None) == ("return", True)
    event = released_event(item)
    assert (event.actor, event.data["reason"]) == (city.city, "return")
    assert event.data["memberships"][0]["seats_left"] == 1
    # On the item's timeline the release follows the return that caused it.
    assert event.seq == AuditEvent.objects.get(action="return", object_id=str(item.pk)).seq + 1

    services.approve_task(task=open_task(item), by=city.reviewer)
    sample_recommend(items=[reload(item)], by=city.district_head, comment="复核后再次推荐。")
    assert reload(item).status == S.CITY_REVIEW
    assert district_seats(campaign, city) == (1, 1)


def test_rejecting_a_listed_item_frees_its_seat(city):
    campaign, item = recommended(city)
    services.reject_task(task=open_task(item), by=city.city, comment="不符合申报条件。")
    assert reload(item).status == S.REJECTED
    assert district_seats(campaign, city) == (0, 0)
    assert released_event(item).data["reason"] == "reject"
    # Another of the district's applications takes the seat.
    (other,) = waiting_for_list(city, campaign, 1)
    sample_recommend(items=[other], by=city.district_head)
    assert district_seats(campaign, city) == (1, 1)


def test_a_return_to_the_school_keeps_the_seat_and_withdrawing_then_frees_it(city):
    """The revision goes back to the city review, after the list: the item is still the
    district's recommendation while the school revises. Withdrawn, it leaves the list."""
    campaign, item = recommended(city)
    services.return_task(task=open_task(item), by=city.city, to="revise", comment="请补充材料。")
    assert reload(item).status == S.RETURNED
    assert district_seats(campaign, city) == (1, 1)
    assert not AuditEvent.objects.filter(action="seats_released").exists()

    services.resubmit_item(task=open_task(item), by=city.head, comment="已补充。")
    assert reload(item).status == S.CITY_REVIEW
    assert district_seats(campaign, city) == (1, 1)
    services.withdraw_item(item=item, by=city.head, comment="本年度不再申报。")
    assert district_seats(campaign, city) == (0, 0)
    event = released_event(item)
    assert (event.actor, event.data["reason"]) == (city.head, "withdraw")
    assert ListMember.objects.get(item=item).end_reason == "withdraw"


def test_a_lapsed_revision_frees_the_seat(db):
    """The school returned by the city does not resubmit in time: the timeout ends the item
    (逾期未重新提交), not an approval, and the system frees its seat."""
    from tests.workflows.engine.conftest import build_city

    install_test_calendar([2021])
    returned_at, due = local(2021, 9, 30, 10, 0), local(2021, 10, 20, 17, 30)
    with time_machine.travel(returned_at, tick=False):
        city = build_city()
        campaign, item = recommended(city)
        services.return_task(task=open_task(item), by=city.city, to="revise", comment="请补充材料。")
    assert district_seats(campaign, city) == (1, 1)
    after_due = due + timezone.timedelta(minutes=1)
    with time_machine.travel(after_due, tick=False):
        assert fire_timers(now=after_due.isoformat()) == 1
    assert reload(item).status == S.LAPSED
    assert district_seats(campaign, city) == (0, 0)
    event = released_event(item)
    assert (event.actor, event.data["reason"]) == (None, "timeout")


def test_an_approved_item_keeps_its_seats(city):
    campaign, item = recommended(city, total=1)
    services.approve_task(task=open_task(item), by=city.city)
    sample_decide(items=[reload(item)], by=city.city_head, comment="经研究决定。")
    assert reload(item).status == S.APPROVED
    assert district_seats(campaign, city) == (1, 1)
    assert total_seats(campaign) == (1, 1)
    assert ListMember.objects.live().filter(item=item).count() == 2
    assert not AuditEvent.objects.filter(action="seats_released").exists()


def test_a_return_from_the_decision_to_the_city_review_keeps_the_district_seat(city):
    """The item goes back within the city, after the district's list: still recommended."""
    campaign, item = recommended(city, total=2)
    services.approve_task(task=open_task(item), by=city.city)
    services.return_task(task=open_task(item), by=city.city_head, to="city_review", comment="请再审核。")
    assert reload(item).status == S.CITY_REVIEW
    assert district_seats(campaign, city) == (1, 1)
    assert not AuditEvent.objects.filter(action="seats_released").exists()


def test_the_freeing_function_ends_every_live_membership_for_a_future_path(city):
    """An upheld 公示 objection (not built yet) sends an approved item back: it calls this."""
    campaign, item = recommended(city, total=1)
    services.approve_task(task=open_task(item), by=city.city)
    sample_decide(items=[reload(item)], by=city.city_head)
    ended = seats.release_seats(item=reload(item), reason="objection", by=city.city_head)
    assert len(ended) == 2
    assert district_seats(campaign, city) == (0, 0) and total_seats(campaign) == (0, 0)
    assert seats.release_seats(item=item, reason="objection", by=city.city_head) == []  # once


def test_returns_and_withdrawals_in_a_flow_without_lists_never_read_memberships(city):
    item = submitted_item(city)
    with CaptureQueriesContext(connection) as queries:
        services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充。")
    assert not [q for q in queries if "workflows_listmember" in q["sql"]]
    other = submitted_item(city)
    with CaptureQueriesContext(connection) as queries:
        services.withdraw_item(item=other, by=city.head, comment="材料有误")
    assert not [q for q in queries if "workflows_listmember" in q["sql"]]
