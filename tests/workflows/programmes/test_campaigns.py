"""A programme's campaigns: opened with the programme's quotas and its rubric frozen, the window
checked, edited within the seats taken; who has started and submitted; and 发起申报 open only
to the schools the programme admits (type and 公办/民办)."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from tests.sampleapp.services import sample_create, sample_submit
from tests.sampleapp.start import SAMPLE
from tests.workflows.engine.rubrics.helpers import school_rubric
from tests.workflows.programmes.conftest import window
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.rubrics.models import Rubric
from workflows.engine.start import rules as start_rules
from workflows.engine.start.services import start_item
from workflows.programmes.campaigns import campaign_progress, edit_campaign, open_campaign, progress_counts
from workflows.programmes.models import CampaignNoticeSent
from workflows.programmes.services import edit_programme


def test_a_campaign_takes_the_programmes_quotas_and_department(town, programme):
    city = town.city
    campaign = open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    assert (campaign.programme, campaign.owner_department, campaign.total_quota) == (programme, city.department, 100)
    assert {q.district: q.quota for q in campaign.district_quotas.all()} == {city.district_a: 6, city.district_b: 4}
    assert AuditEvent.objects.filter(action="campaign_create", object_id=str(campaign.pk)).count() == 1
    assert AuditEvent.objects.filter(action="quota_set", object_id=str(campaign.pk)).count() == 2
    own = open_campaign(programme=programme, by=city.city, name="第二批", total_quota=None,
                        district_quotas={city.district_b: 2}, **window())
    assert own.total_quota is None and [(q.district, q.quota) for q in own.district_quotas.all()] == [
        (city.district_b, 2)]


def test_opening_a_campaign_freezes_the_programmes_rubric(town, programme):
    city = town.city
    rubric = school_rubric(city.department, city.city)
    edit_programme(programme=programme, by=city.city, rubric=rubric)
    campaign = open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    rubric.refresh_from_db()
    assert rubric.frozen and rubric.frozen_by == str(campaign)


def test_a_rubric_that_cannot_score_stops_the_campaign_and_nothing_is_written(town, programme):
    city = town.city
    empty = Rubric.objects.create(department=city.department, name="空指标", year=2021, pass_mark=60)
    edit_programme(programme=programme, by=city.city, rubric=empty)
    with pytest.raises(ValidationError, match="评分指标还没有任何指标"):
        open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    assert not Campaign.objects.exists() and not DistrictQuota.objects.exists()
    assert not AuditEvent.objects.filter(action="campaign_create").exists()


@pytest.mark.parametrize("name, opens, closes, field, words", [
    ("", -1, 30, "name", "请填写批次名称"),
    ("2021年度", 10, 5, "closes_at", "申报截止时间必须晚于开始时间"),
    ("2021年度", -30, -1, "closes_at", "申报截止时间已过"),
])
def test_a_bad_window_is_refused_by_name(town, programme, name, opens, closes, field, words):
    with pytest.raises(ValidationError) as caught:
        open_campaign(programme=programme, by=town.city.city, name=name, **window(opens, closes))
    assert words in " ".join(caught.value.message_dict[field])
    assert not Campaign.objects.exists()


def test_the_same_name_twice_and_seats_for_a_school_are_refused(town, programme):
    city = town.city
    open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    with pytest.raises(ValidationError, match="已有名为“2021年度”的申报批次"):
        open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    with pytest.raises(ValidationError, match="只能给区县分配名额"):
        open_campaign(programme=programme, by=city.city, name="第二批", district_quotas={city.school_a: 3}, **window())
    assert Campaign.objects.count() == 1


def test_edits_move_the_window_and_quotas_never_below_the_seats_taken(town, programme):
    city = town.city
    campaign = open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    DistrictQuota.objects.filter(campaign=campaign, district=city.district_a).update(reserved=0)
    CampaignNoticeSent.objects.create(campaign=campaign, stage="closing")
    later = window(closes=40)["closes_at"]
    edit_campaign(campaign=campaign, by=city.city_head, closes_at=later, total_quota=90,
                  district_quotas={city.district_a: 5, city.district_b: None})
    campaign.refresh_from_db()
    assert (campaign.closes_at, campaign.total_quota) == (later, 90)
    assert [(q.district, q.quota) for q in campaign.district_quotas.all()] == [(city.district_a, 5)]
    assert not CampaignNoticeSent.objects.filter(stage="closing").exists()  # it reminds again before the new close
    with pytest.raises(ValidationError, match="申报截止时间必须晚于开始时间"):
        edit_campaign(campaign=campaign, by=city.city, closes_at=campaign.opens_at)
    with pytest.raises(ValidationError, match="不能修改这些字段：programme"):
        edit_campaign(campaign=campaign, by=city.city, programme=programme)
    for outsider in (town.preschool_reviewer, city.reviewer, city.head):
        with pytest.raises(NotFound):
            edit_campaign(campaign=campaign, by=outsider, total_quota=1)
    campaign.refresh_from_db()
    assert campaign.total_quota == 90


def test_progress_says_who_started_and_who_submitted_in_two_queries(town, programme, django_assert_num_queries):
    city = town.city
    campaign = open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    draft = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                          title="和平一校申报", campaign=campaign)
    sent = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b,
                         title="沈河一校申报", campaign=campaign)
    sample_submit(item=sent, by=city.head_b)
    with django_assert_num_queries(2):
        rows = campaign_progress(campaign)
    states = {row.school: row.state for row in rows}
    # The kindergarten and the private school are not admitted: not listed.
    assert states == {city.school_a: "started", city.school_b: "submitted"}
    assert progress_counts(rows) == {"none": 0, "started": 1, "submitted": 1}
    assert draft.status == "draft"


def test_start_is_open_only_to_the_schools_the_programme_admits(town, programme):
    city = town.city
    campaign = open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    assert [offer.organisation for offer in start_rules.offers(city.head)] == [city.school_a]
    for head, school, words in ((town.kindergarten_head, town.kindergarten, "和平幼儿园（幼儿园，公办）"),
                                (town.private_head, town.private_school, "和平育才学校（九年一贯制，民办）")):
        assert start_rules.offers(head) == []
        with pytest.raises(NotAllowed) as caught:
            start_item(kind=SAMPLE, campaign=campaign, organisation=school, by=head, title="申报")
        assert "只面向小学、初中、九年一贯制（公办）" in caught.value.message and words in caught.value.message
    # The department opens it to 民办 schools: the next start goes through, no release needed.
    edit_programme(programme=programme, by=city.city, ownerships=["public", "private"])
    campaign.refresh_from_db()
    item = start_item(kind=SAMPLE, campaign=campaign, organisation=town.private_school, by=town.private_head,
                      title="民办学校申报")
    assert item.organisation == town.private_school


def test_a_campaign_outside_its_window_is_not_startable(town, programme):
    city = town.city
    campaign = open_campaign(programme=programme, by=city.city, name="下月开始", **window(opens=10, closes=40))
    assert start_rules.offers(city.head) == []
    with pytest.raises(ValidationError, match="尚未开始申报"):
        start_item(kind=SAMPLE, campaign=campaign, organisation=city.school_a, by=city.head, title="申报")


def test_the_notice_runs_for_the_programmes_days_unless_the_campaign_says_otherwise(town, programme):
    from tests.sampleapp.honours import HonourFlow
    from workflows.engine.notices.step import notice_days

    campaign = open_campaign(programme=programme, by=town.city.city, name="2021年度", **window())
    assert notice_days(HonourFlow.notice, campaign) == 5
    edit_programme(programme=programme, by=town.city.city, notice_days=7)
    campaign.refresh_from_db()
    assert notice_days(HonourFlow.notice, campaign) == 7
    assert notice_days(HonourFlow.notice, None) == HonourFlow.notice.days
