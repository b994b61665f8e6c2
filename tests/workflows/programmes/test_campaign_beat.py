"""The campaigns' beat with the clock moved: the admitted schools' heads are told once when a
campaign opens, those that have not submitted are reminded once `remind_days` before the close
(again when the close moves), and nothing is sent twice however often the beat runs."""

from datetime import timedelta

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from notifications.models import Notification
from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.programmes.conftest import window
from workflows import tasks
from workflows.programmes import announce
from workflows.programmes.campaigns import edit_campaign, open_campaign
from workflows.programmes.models import CampaignNoticeSent


def told(kind):
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind).select_related("recipient"))


@pytest.fixture
def campaign(town, programme):
    return open_campaign(programme=programme, by=town.city.city, name="2021年度", **window(opens=2, closes=20))


def test_the_opening_is_told_once_to_the_admitted_schools_heads(town, campaign):
    assert announce.run(now=campaign.opens_at - timedelta(minutes=1)) == {"opened": 0, "closing": 0}
    assert told("campaign_opened") == []
    with time_machine.travel(campaign.opens_at + timedelta(hours=1), tick=False):
        assert tasks.campaign_notices() == {"opened": 2, "closing": 0}
        assert tasks.campaign_notices() == {"opened": 0, "closing": 0}
    # Not the kindergarten's nor the private school's heads: the programme admits neither.
    assert told("campaign_opened") == ["head", "head_b"]
    message = Notification.objects.filter(kind="campaign_opened").first()
    assert message.params["title"] == "新优质均衡(示范)学校 · 2021年度" and message.link == "/work/start/"
    assert CampaignNoticeSent.objects.get(campaign=campaign, stage="opened").recipients == 2


def test_the_reminder_goes_to_those_not_submitted_and_again_after_the_close_moves(town, campaign):
    city = town.city
    with time_machine.travel(campaign.opens_at + timedelta(hours=1), tick=False):
        announce.run()
        item = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b,
                             title="沈河一校申报", campaign=campaign)
        sample_submit(item=item, by=city.head_b)
        assert announce.run()["closing"] == 0  # 19 days before the close
    with time_machine.travel(campaign.closes_at - timedelta(days=3, minutes=-1), tick=False):
        assert announce.run() == {"opened": 0, "closing": 1}
        assert announce.run() == {"opened": 0, "closing": 0}
    assert told("campaign_closing") == ["head"]
    with time_machine.travel(campaign.closes_at - timedelta(days=2), tick=False):
        edit_campaign(campaign=campaign, by=city.city, closes_at=campaign.closes_at + timedelta(days=10))
        assert announce.run()["closing"] == 0  # twelve days before the new close
    campaign.refresh_from_db()
    with time_machine.travel(campaign.closes_at - timedelta(days=1), tick=False):
        assert tasks.campaign_notices(now=None) == {"opened": 0, "closing": 1}
    assert told("campaign_closing") == ["head", "head"]
    assert len({n.key for n in Notification.objects.filter(kind="campaign_closing")}) == 2


def test_after_downtime_both_stages_go_out_once_and_a_closed_campaign_says_nothing(town, programme):
    city = town.city
    campaign = open_campaign(programme=programme, by=city.city, name="短批次", **window(opens=1, closes=3))
    closed = open_campaign(programme=programme, by=city.city, name="已截止", **window(opens=1, closes=2))
    with time_machine.travel(campaign.closes_at - timedelta(hours=1), tick=False):
        assert tasks.campaign_notices() == {"opened": 2, "closing": 2}
    assert not CampaignNoticeSent.objects.filter(campaign=closed).exists()
    assert Notification.objects.filter(target_id=closed.pk).count() == 0


def test_a_programme_without_a_reminder_only_announces(town, programme, campaign):
    programme.remind_days = 0
    programme.save(update_fields=["remind_days"])
    with time_machine.travel(campaign.closes_at - timedelta(hours=1), tick=False):
        assert announce.run() == {"opened": 2, "closing": 0}


def test_the_beat_entry_is_written_on_migrate(db):
    entry = PeriodicTask.objects.get(task="workflows.campaign_notices")
    assert entry.enabled and entry.interval.every == 1 and entry.name == announce.PERIODIC_TASK_NAME
