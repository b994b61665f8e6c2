"""Campaigns (申报批次): the submission window, resubmission after a return, and quotas."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import OrganisationFactory
from tests.workflows.engine.campaign_helpers import CLOSES, OPENS, local, make_campaign
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.campaigns import (
    check_resubmission_window,
    check_submission_window,
    recount_seats,
    remaining_quota,
    reserve_quota,
)

pytestmark = pytest.mark.django_db
WINDOW = "申报时间为2021年3月1日 08:00至2021年3月31日 17:30"
TICK = datetime.timedelta(microseconds=1)


@pytest.fixture
def heping(db):
    return OrganisationFactory.district(name="和平区")


@pytest.fixture
def shenhe(db):
    return OrganisationFactory.district(name="沈河区")


@pytest.fixture
def campaign(heping, shenhe):
    return make_campaign(total_quota=6, district_quotas={heping: 5, shenhe: 3})


# --- the window -------------------------------------------------------------------------------

@pytest.mark.parametrize("moment", [OPENS, OPENS + TICK, local(2021, 3, 15, 12), CLOSES - TICK])
def test_submission_is_accepted_inside_the_window(campaign, moment):
    with time_machine.travel(moment, tick=False):
        check_submission_window(campaign=campaign)


def test_submission_before_the_opening_names_the_reason_and_the_dates(campaign):
    with time_machine.travel(OPENS - TICK, tick=False), pytest.raises(ValidationError) as error:
        check_submission_window(campaign=campaign)
    assert error.value.code == "campaign_not_open"
    assert str(error.value.messages[0]) == f"“新优质均衡(示范)学校 · 2021年度”尚未开始申报，{WINDOW}。"


@pytest.mark.parametrize("moment", [CLOSES, CLOSES + TICK, local(2021, 4, 1, 8)])
def test_submission_from_the_closing_moment_is_refused(campaign, moment):
    with time_machine.travel(moment, tick=False), pytest.raises(ValidationError) as error:
        check_submission_window(campaign=campaign)
    assert error.value.code == "campaign_closed"
    assert "已于2021年3月31日 17:30截止申报" in error.value.messages[0]
    assert WINDOW in error.value.messages[0]


def test_the_window_takes_now_as_an_argument(campaign):
    check_submission_window(campaign=campaign, now=OPENS)
    with pytest.raises(ValidationError):
        check_submission_window(campaign=campaign, now=CLOSES)


# --- resubmission after a return ----------------------------------------------------------------

RETURN_DEADLINE = local(2021, 4, 8, 17, 30)


@pytest.mark.parametrize(
    "moment",
    [local(2021, 3, 20, 10), CLOSES, local(2021, 4, 6, 9), RETURN_DEADLINE],
)
def test_resubmission_is_allowed_until_the_returns_deadline(campaign, moment):
    with time_machine.travel(moment, tick=False):
        check_resubmission_window(campaign=campaign, return_deadline=RETURN_DEADLINE)


def test_resubmission_after_the_returns_deadline_is_refused(campaign):
    with time_machine.travel(RETURN_DEADLINE + TICK, tick=False), pytest.raises(ValidationError) as error:
        check_resubmission_window(campaign=campaign, return_deadline=RETURN_DEADLINE)
    assert error.value.code == "resubmission_closed"
    assert error.value.messages[0] == (
        "“新优质均衡(示范)学校 · 2021年度”已于2021年3月31日 17:30截止申报，"
        "退回修改后的重新提交期限2021年4月8日 17:30也已过。"
    )


def test_a_return_deadline_before_the_close_does_not_shorten_the_window(campaign):
    check_resubmission_window(campaign=campaign, return_deadline=local(2021, 3, 10, 17, 30),
                              now=local(2021, 3, 20, 10))
    with pytest.raises(ValidationError, match="重新提交期限2021年3月10日 17:30也已过"):
        check_resubmission_window(campaign=campaign, return_deadline=local(2021, 3, 10, 17, 30), now=CLOSES)


def test_a_pending_return_deadline_never_blocks(campaign):
    # The calendar year of the deadline is missing: the deadline is pending, work goes on.
    check_resubmission_window(campaign=campaign, return_deadline=None, now=local(2022, 1, 5))


# --- the tables ---------------------------------------------------------------------------------

def test_the_database_refuses_a_window_that_closes_before_it_opens(campaign):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_campaign(name="倒序", opens_at=CLOSES, closes_at=OPENS)


def test_the_database_keeps_reservations_within_quotas(campaign, heping):
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(total_reserved=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictQuota.objects.filter(campaign=campaign, district=heping).update(reserved=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictQuota.objects.create(campaign=campaign, district=heping, quota=1)


def test_model_validation_names_each_problem(campaign, heping):
    school = OrganisationFactory.school(parent=heping)
    bad = Campaign(programme=campaign.programme, name="x", owner_department=heping, opens_at=CLOSES,
                   closes_at=OPENS)
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert error.value.message_dict["closes_at"] == ["申报截止时间必须晚于开始时间。"]
    assert "主管单位必须是市局处室。" in error.value.message_dict["owner_department"]
    with pytest.raises(ValidationError, match="只能给区县分配名额"):
        DistrictQuota(campaign=campaign, district=school, quota=1).clean()
    reserve_quota(campaign=campaign, district=heping, count=4)
    quota = DistrictQuota.objects.get(campaign=campaign, district=heping)
    quota.quota = 3
    with pytest.raises(ValidationError, match="名额不能少于已占用的4个"):
        quota.clean()


# --- quotas -------------------------------------------------------------------------------------

def test_reserving_a_districts_seats(campaign, heping):
    assert reserve_quota(campaign=campaign, district=heping, count=3) == 2
    assert reserve_quota(campaign=campaign, district=heping, count=2) == 0
    assert remaining_quota(campaign=campaign, district=heping) == 0
    assert DistrictQuota.objects.get(campaign=campaign, district=heping).reserved == 5
    assert remaining_quota(campaign=campaign) == 6  # the total is counted separately


def test_over_a_districts_quota_names_the_numbers_and_changes_nothing(campaign, heping):
    reserve_quota(campaign=campaign, district=heping, count=3)
    with pytest.raises(ValidationError) as error:
        reserve_quota(campaign=campaign, district=heping, count=3)
    assert error.value.code == "quota_exceeded"
    assert error.value.messages[0] == (
        "和平区在“新优质均衡(示范)学校 · 2021年度”的名额不足：共5个，已占用3个，剩余2个，本次需要3个。"
    )
    assert error.value.params["remaining"] == 2
    assert remaining_quota(campaign=campaign, district=heping) == 2


def test_over_the_total_quota(campaign):
    assert reserve_quota(campaign=campaign, count=4) == 2
    with pytest.raises(ValidationError) as error:
        reserve_quota(campaign=campaign, count=3)
    assert error.value.messages[0] == (
        "“新优质均衡(示范)学校 · 2021年度”的总名额不足：共6个，已占用4个，剩余2个，本次需要3个。"
    )
    campaign.refresh_from_db()
    assert campaign.total_reserved == 4


def test_no_limit_without_quotas(heping):
    campaign = make_campaign(total_quota=None)
    assert reserve_quota(campaign=campaign, count=500) is None
    assert reserve_quota(campaign=campaign, district=heping, count=500) is None
    assert remaining_quota(campaign=campaign) is None


def test_a_district_without_seats_in_a_campaign_that_allocates_them(campaign):
    dadong = OrganisationFactory.district(name="大东区")
    with pytest.raises(ValidationError, match="没有给大东区分配名额"):
        reserve_quota(campaign=campaign, district=dadong, count=1)


@pytest.mark.parametrize("count", [0, -1, "2", 1.5, True, None])
def test_the_count_must_be_a_positive_integer(campaign, heping, count):
    with pytest.raises(ValidationError, match="名额数量必须是正整数"):
        reserve_quota(campaign=campaign, district=heping, count=count)
    assert remaining_quota(campaign=campaign, district=heping) == 5


def test_only_a_district_holds_seats(campaign, heping):
    with pytest.raises(ValidationError, match="只能按区县占用名额"):
        reserve_quota(campaign=campaign, district=OrganisationFactory.school(parent=heping), count=1)


def test_a_recount_sets_the_counters_to_the_seats_live_memberships_hold(campaign, heping):
    """Seats are given back only by ending list memberships (tests/workflows/engine/
    test_quota_seats.py); a recount makes the counters what the live memberships add up to,
    here none: counters moved without members are undone."""
    reserve_quota(campaign=campaign, district=heping, count=4)
    reserve_quota(campaign=campaign, count=2)
    assert recount_seats(campaign=campaign, district=heping) == 5
    assert recount_seats(campaign=campaign) == 6
    assert DistrictQuota.objects.get(campaign=campaign, district=heping).reserved == 0


def test_a_reservation_rolls_back_with_the_list_act(campaign, heping):
    with pytest.raises(RuntimeError), transaction.atomic():
        reserve_quota(campaign=campaign, district=heping, count=5)
        raise RuntimeError("a member of the list was in the wrong state")
    assert remaining_quota(campaign=campaign, district=heping) == 5
