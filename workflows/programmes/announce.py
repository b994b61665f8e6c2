"""The campaigns' beat (`workflows.campaign_notices`, every minute): when a campaign opens, the
heads of the schools its programme admits are told (申报通知); `remind_days` days before it
closes, those of them that have not submitted yet are reminded (申报截止提醒).

Events from outside the task list with no person behind them: the system acts, each campaign in
its own transaction. A stage is sent once: its `CampaignNoticeSent` row (unique per campaign and
stage) is written with the messages, and each message's key names the campaign, the stage (the
closing time, for the reminder) and the person, so two beats at once, a retried task or a rerun
after downtime send nothing twice. A campaign whose close is moved reminds again before the new
close (campaigns.edit_campaign forgets the stage; the new key differs). A campaign already
closed announces nothing.
"""

import datetime
import logging

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from core.periodic import ensure_every_minute
from notifications import api
from workflows.engine import message_kinds as kinds
from workflows.engine.lists.campaign_models import Campaign
from workflows.programmes.campaigns import campaign_progress, eligible_schools
from workflows.programmes.models import CampaignNoticeSent, CampaignNoticeStage

logger = logging.getLogger(__name__)

TASK_NAME = "workflows.campaign_notices"
PERIODIC_TASK_NAME = "申报批次：开始申报通知与截止前提醒（每分钟）"


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    ensure_every_minute(name=PERIODIC_TASK_NAME, task=TASK_NAME, using=using)


def run(now=None) -> dict:
    """Both stages as of `now`: how many messages each sent."""
    now = now or timezone.now()
    return {"opened": announce_opened(now), "closing": remind_closing(now)}


def announce_opened(now) -> int:
    due = Campaign.objects.filter(opens_at__lte=now, closes_at__gt=now).exclude(
        notices_sent__stage=CampaignNoticeStage.OPENED).select_related("programme")
    return sum(_send(campaign, CampaignNoticeStage.OPENED, _heads(eligible_schools(campaign.programme)))
               for campaign in due.order_by("opens_at", "pk"))


def remind_closing(now) -> int:
    sent = 0
    due = Campaign.objects.filter(opens_at__lte=now, closes_at__gt=now, programme__remind_days__gt=0).exclude(
        notices_sent__stage=CampaignNoticeStage.CLOSING).select_related("programme")
    for campaign in due.order_by("closes_at", "pk"):
        if campaign.closes_at - datetime.timedelta(days=campaign.programme.remind_days) > now:
            continue
        waiting = [row.school for row in campaign_progress(campaign) if row.state != "submitted"
                   and campaign.programme.admits(row.school)]
        sent += _send(campaign, CampaignNoticeStage.CLOSING, _heads(waiting))
    return sent


def _heads(schools):
    """The school heads (学校负责人) of `schools`, active grants: one query."""
    return {grant.user for grant in RoleGrant.objects.active().filter(
        role=Role.SCHOOL_HEAD, organisation__in=schools, user__is_active=True).select_related("user")}


def _send(campaign, stage, recipients) -> int:
    """The stage's messages and its row in one transaction; nothing if another run was first."""
    closes = timezone.localtime(campaign.closes_at)
    stamp = "opened" if stage == CampaignNoticeStage.OPENED else f"closing:{closes:%Y%m%d%H%M}"
    params = {"title": str(campaign), "campaign": campaign.pk, "programme": campaign.programme.name,
              "opens_at": campaign.opens_at.isoformat(), "closes_at": campaign.closes_at.isoformat()}
    try:
        with transaction.atomic():
            CampaignNoticeSent.objects.create(campaign=campaign, stage=stage, recipients=len(recipients))
            return api.notify_many(
                recipients={f"campaign:{campaign.pk}:{stamp}:{user.pk}": user for user in recipients},
                kind=kinds.CAMPAIGN_OPENED if stage == CampaignNoticeStage.OPENED else kinds.CAMPAIGN_CLOSING,
                target=campaign, params=params, link=reverse("workflows:start"))
    except IntegrityError:
        logger.info("Campaign %s's %s notice was sent by another run", campaign.pk, stage)
        return 0
