"""补报: a seat of the district's recommendation list freed by the city (a return to the district,
a rejection) is refilled by the district signing another list, within its quota, until the
campaign's formal review closes (Campaign.formal_review_closes_at). Past that moment every district
list, first or refill, is refused with the date, and nothing is written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.audit.models import AuditEvent
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.recommendation import sample_recommend
from tests.workflows.engine.batch_helpers import recommendation_campaign, waiting_for_list
from tests.workflows.engine.conftest import open_task, reload
from workflows.engine import services
from workflows.engine.lists.campaign_models import DistrictQuota
from workflows.engine.lists.campaigns import seats_taken
from workflows.engine.lists.models import ListAct, ListMember

pytestmark = pytest.mark.django_db
S = SampleApplication.Status


def seats(campaign, city):
    """(the district's counter, its live memberships): always equal."""
    return (DistrictQuota.objects.get(campaign=campaign, district=city.district_a).reserved,
            seats_taken(campaign=campaign, district=city.district_a))


def full_list(city):
    """Two seats, both taken by the first list; a third application waits for one."""
    campaign = recommendation_campaign(city, seats=2)
    first, second, third = waiting_for_list(city, campaign, 3)
    sample_recommend(items=[first, second], by=city.district_head, comment="同意推荐。")
    assert seats(campaign, city) == (2, 2)
    return campaign, reload(first), reload(second), reload(third)


def nothing_written(campaign, city, waiting, *, lists, events):
    assert ListAct.objects.count() == lists
    assert AuditEvent.objects.count() == events
    assert reload(waiting).status == S.DISTRICT_RECOMMEND
    assert not ListMember.objects.live().filter(item=waiting).exists()


def test_a_seat_freed_by_a_city_return_is_refilled_by_a_second_list_within_the_quota(city):
    campaign, first, _second, third = full_list(city)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as over:
        sample_recommend(items=[third], by=city.district_head)
    assert over.value.code == "quota_exceeded" and "剩余0个" in over.value.messages[0]
    nothing_written(campaign, city, third, lists=1, events=events)

    services.return_task(task=open_task(first), by=city.city, to="district_review", comment="请区县复核。")
    assert seats(campaign, city) == (1, 1)
    refill = sample_recommend(items=[third], by=city.district_head, comment="补报。")
    assert (refill.size, reload(third).status, seats(campaign, city)) == (1, S.CITY_REVIEW, (2, 2))
    assert list(refill.members.values_list("rank", "item_id")) == [(1, third.pk)]

    # The returned school, passed again by the district, finds no seat left: an over-quota refill.
    services.approve_task(task=open_task(first), by=city.reviewer)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as again:
        sample_recommend(items=[reload(first)], by=city.district_head)
    assert again.value.code == "quota_exceeded"
    nothing_written(campaign, city, first, lists=2, events=events)


def test_a_seat_freed_by_a_city_rejection_is_refilled(city):
    campaign, _first, second, third = full_list(city)
    services.reject_task(task=open_task(second), by=city.city, comment="不符合申报条件。")
    assert seats(campaign, city) == (1, 1)
    sample_recommend(items=[third], by=city.district_head, comment="补报。")
    assert seats(campaign, city) == (2, 2) and reload(third).status == S.CITY_REVIEW


def test_no_refill_after_the_formal_review_closed_the_date_is_said_and_nothing_is_written(city):
    campaign, _first, second, third = full_list(city)
    services.reject_task(task=open_task(second), by=city.city, comment="不符合申报条件。")
    closed = timezone.now() - datetime.timedelta(hours=1)
    campaign.formal_review_closes_at = closed
    campaign.save(update_fields=["formal_review_closes_at"])
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as late:
        sample_recommend(items=[third], by=city.district_head, comment="补报。")
    local = timezone.localtime(closed)
    assert late.value.code == "formal_review_closed"
    assert late.value.messages == [
        f"“{campaign}”的形式审查已于{local.year}年{local.month}月{local.day}日 {local:%H:%M}截止，"
        "区县不能再报送推荐名单（包括名额释放后的补报）。"]
    nothing_written(campaign, city, third, lists=1, events=events)
    assert seats(campaign, city) == (1, 1)  # the freed seat stays free


def test_the_first_list_too_is_refused_after_the_date_and_allowed_before_it(city):
    campaign = recommendation_campaign(city, seats=2)
    (item,) = waiting_for_list(city, campaign, 1)
    campaign.formal_review_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save(update_fields=["formal_review_closes_at"])
    with pytest.raises(ValidationError) as late:
        sample_recommend(items=[item], by=city.district_head)
    assert late.value.code == "formal_review_closed" and not ListAct.objects.exists()
    campaign.formal_review_closes_at = timezone.now() + datetime.timedelta(days=1)
    campaign.save(update_fields=["formal_review_closes_at"])
    assert sample_recommend(items=[item], by=city.district_head).size == 1


def test_the_decision_list_is_not_bound_by_the_formal_review_date(city):
    """The date ends the districts' lists only: the city's decision list comes after it."""
    from tests.sampleapp.recommendation import sample_decide

    campaign = recommendation_campaign(city, seats=2, total=5)
    (item,) = waiting_for_list(city, campaign, 1)
    sample_recommend(items=[item], by=city.district_head)
    services.approve_task(task=open_task(item), by=city.city)
    campaign.formal_review_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save(update_fields=["formal_review_closes_at"])
    sample_decide(items=[reload(item)], by=city.city_head)
    assert reload(item).status == S.APPROVED
