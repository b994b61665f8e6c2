"""The sample kind with an optional stage (workflows.engine.branches): an application under a
programme (项目) whose own field says whether it adds an on-site visit (实地考察). The programme
stands in for an accreditation programme: a department switches the stage on or off by editing
it, without a release."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Item


class SampleProgramme(models.Model):
    name = models.CharField(_("项目名称"), max_length=100)
    onsite_visit = models.BooleanField(_("含实地考察"), default=False)

    class Meta:
        verbose_name = _("示例项目")
        verbose_name_plural = _("示例项目")

    def __str__(self):
        return self.name


class SampleVisit(Item):
    KIND = "sample_visit"
    REF_PREFIX = "SV"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        DISTRICT_REVIEW = "district_review", _("区县审核中")
        ONSITE_VISIT = "onsite_visit", _("实地考察中")
        CITY_REVIEW = "city_review", _("市局审核中")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("已驳回")
        WITHDRAWN = "withdrawn", _("已撤回")

    EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})

    class Meta:
        proxy = True
        verbose_name = _("示例认定")
        verbose_name_plural = _("示例认定")


class SampleVisitDetails(models.Model):
    """The kind's own fields: the programme, read when the item reaches the branch."""

    item = models.OneToOneField(Item, on_delete=models.PROTECT, primary_key=True, related_name="sample_visit")
    programme = models.ForeignKey(SampleProgramme, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("项目"))

    class Meta:
        verbose_name = _("示例认定内容")
        verbose_name_plural = _("示例认定内容")
