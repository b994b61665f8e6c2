"""The sample kind that goes through 公示 (workflows.engine.notices): an honour a school applies
for in a campaign; the city decides a list within the campaign's quota, then publishes a notice
of the decided schools. Its own kind and table, so the shared sample kinds keep theirs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Item


class SampleHonour(Item):
    KIND = "sample_honour"
    REF_PREFIX = "SH"
    CAMPAIGN_LOOKUP = "sample_honour__campaign"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        DISTRICT_REVIEW = "district_review", _("区县审核中")
        EXPERT_REVIEW = "expert_review", _("专家评分中")  # the whole path's (accredited_honours.py)
        CITY_DECISION = "city_decision", _("市局决定中")
        NOTICE = "notice", _("公示中")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("已驳回")
        WITHDRAWN = "withdrawn", _("已撤回")

    EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})

    class Meta:
        proxy = True
        verbose_name = _("示例评选")
        verbose_name_plural = _("示例评选")


class SampleHonourDetails(models.Model):
    """The kind's own fields: its campaign, whose programme the notice names."""

    item = models.OneToOneField(Item, on_delete=models.PROTECT, primary_key=True, related_name="sample_honour")
    campaign = models.ForeignKey("workflows.Campaign", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("申报批次"))

    class Meta:
        verbose_name = _("示例评选内容")
        verbose_name_plural = _("示例评选内容")
