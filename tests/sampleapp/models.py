"""The sample kind: an application that a school submits and the district and city review."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Item


class SampleApplication(Item):
    KIND = "sample"
    REF_PREFIX = "SA"
    # The sample keeps its campaign in its own details table; search and filters follow this path.
    CAMPAIGN_LOOKUP = "sample_details__campaign"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        DISTRICT_REVIEW = "district_review", _("区县审核中")
        DISTRICT_RECOMMEND = "district_recommend", _("区县推荐中")
        CITY_REVIEW = "city_review", _("市局审核中")
        CITY_DECISION = "city_decision", _("市局决定中")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("已驳回")
        WITHDRAWN = "withdrawn", _("已撤回")
        LAPSED = "lapsed", _("逾期未重新提交")

    EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})

    class Meta:
        proxy = True
        verbose_name = _("示例申报")
        verbose_name_plural = _("示例申报")

    def snapshot_fields(self) -> dict:
        details = SampleDetails.objects.filter(item=self).first()
        return {
            **super().snapshot_fields(),
            "summary": details.summary if details else "",
            "pupils": details.pupils if details else 0,
        }

    @classmethod
    def snapshot_labels(cls) -> dict:
        return {**super().snapshot_labels(), "summary": str(_("申报摘要")), "pupils": str(_("在校生人数"))}


class SampleDetails(models.Model):
    """The kind's own fields, one row per item."""

    item = models.OneToOneField(Item, on_delete=models.PROTECT, primary_key=True, related_name="sample_details")
    summary = models.TextField(_("申报摘要"), blank=True)
    pupils = models.PositiveIntegerField(_("在校生人数"), default=0)
    campaign = models.ForeignKey("workflows.Campaign", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("申报批次"))

    class Meta:
        verbose_name = _("示例申报内容")
        verbose_name_plural = _("示例申报内容")


from tests.sampleapp.plan_models import SampleCase, SamplePlan, SamplePlanTarget  # noqa: E402,F401
from tests.sampleapp.notice_models import SampleHonour, SampleHonourDetails  # noqa: E402,F401
from tests.sampleapp.visit_models import SampleProgramme, SampleVisit, SampleVisitDetails  # noqa: E402,F401
