"""The sample plan (a small inspection plan) and its cases: a city reviewer's plan dispatches one
case per target district; the district files a return, the city checks it; the plan completes
when every case is done. They prove the engine's fan-out (workflows/engine/fanout.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Item


class SamplePlan(Item):
    KIND = "sample_plan"
    REF_PREFIX = "SP"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_PROGRESS = "in_progress", _("执行中")
        COMPLETED = "completed", _("已完成")
        REJECTED = "rejected", _("已驳回")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Meta:
        proxy = True
        verbose_name = _("示例督导计划")
        verbose_name_plural = _("示例督导计划")

    def targets(self):
        """The organisations the plan dispatches a case to, in the order they were chosen."""
        return [target.organisation for target in self.sample_targets.select_related("organisation").order_by("pk")]


class SampleCase(Item):
    KIND = "sample_case"
    REF_PREFIX = "SC"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FILING = "filing", _("待填报")
        CHECKING = "checking", _("市局审核中")
        RETURNED = "returned", _("退回修改")
        DONE = "done", _("已办结")
        REJECTED = "rejected", _("已驳回")
        WITHDRAWN = "withdrawn", _("已撤回")

    EDITABLE_STATUSES = frozenset({Status.FILING, Status.RETURNED})

    class Meta:
        proxy = True
        verbose_name = _("示例督导案件")
        verbose_name_plural = _("示例督导案件")


class SamplePlanTarget(models.Model):
    """A district (or school) the plan dispatches a case to."""

    plan = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="sample_targets", verbose_name=_("计划"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("督导对象"))

    class Meta:
        verbose_name = _("示例督导对象")
        verbose_name_plural = _("示例督导对象")
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="sampleplantarget_unique_target"),
        ]

    def __str__(self):
        return f"{self.plan_id} → {self.organisation_id}"
