"""Campaigns (申报批次): one round of a programme, with its submission window and quotas.

A campaign belongs to a programme (申报项目, workflows.programmes: eligible school types and
公办/民办, rubric, optional stages, 公示, validity), named here by a foreign key only: the engine
reads the programme's data through it and never imports the package. The window and seat rules are
in workflows.engine.lists.campaigns, the edits in campaign_edits.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import OrgKind


class Campaign(models.Model):
    programme = models.ForeignKey("workflows.Programme", on_delete=models.PROTECT, related_name="campaigns",
                                  verbose_name=_("申报项目"))
    name = models.CharField(_("批次名称"), max_length=100, help_text=_("如：2021年度第一批"))
    owner_department = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="campaigns",
        limit_choices_to={"kind": OrgKind.DEPARTMENT},
        verbose_name=_("主管处室"),
    )
    opens_at = models.DateTimeField(_("申报开始时间"))
    closes_at = models.DateTimeField(_("申报截止时间"))
    # After this moment no district signs a recommendation list of the campaign, first or refill
    # (lists.campaigns.check_district_list_window): the city's formal review works on a closed set.
    formal_review_closes_at = models.DateTimeField(
        _("形式审查截止时间"), null=True, blank=True,
        help_text=_("此后区县不能再报送推荐名单（含名额释放后的补报）；留空表示不限"))
    total_quota = models.PositiveIntegerField(_("总名额"), null=True, blank=True, help_text=_("留空表示不限"))
    # Seats taken against the total (the city's decision list), kept under the campaign row's lock.
    total_reserved = models.PositiveIntegerField(_("已占总名额"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报批次")
        verbose_name_plural = _("申报批次")
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="campaign_unique_name_per_programme"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="campaign_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(total_quota__isnull=True) | Q(total_reserved__lte=F("total_quota")),
                name="campaign_total_within_quota",
            ),
        ]

    def __str__(self):
        return f"{self.programme.name} · {self.name}"

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("申报截止时间必须晚于开始时间。")
        if self.formal_review_closes_at and self.closes_at and self.formal_review_closes_at <= self.closes_at:
            errors["formal_review_closes_at"] = _("形式审查截止时间必须晚于申报截止时间。")
        if self.owner_department_id and self.owner_department.kind != OrgKind.DEPARTMENT:
            errors["owner_department"] = _("主管单位必须是市局处室。")
        elif self.programme_id and self.owner_department_id != self.programme.owner_department_id:
            errors["owner_department"] = _("申报批次的主管处室必须是其申报项目的主管处室。")
        if self.total_quota is not None and self.total_quota < self.total_reserved:
            errors["total_quota"] = _("总名额不能少于已占用的%(n)s个。") % {"n": self.total_reserved}
        if errors:
            raise ValidationError(errors)


class DistrictQuota(models.Model):
    """A district's seats in a campaign (its recommendation list). A campaign without any rows here
    has no per-district limit; once it has some, a district without a row has no seats."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="district_quotas",
                                 verbose_name=_("申报批次"))
    district = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrgKind.DISTRICT},
        verbose_name=_("区县"),
    )
    quota = models.PositiveIntegerField(_("名额"))
    reserved = models.PositiveIntegerField(_("已占名额"), default=0, editable=False)

    class Meta:
        verbose_name = _("区县名额")
        verbose_name_plural = _("区县名额")
        ordering = ["district__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "district"], name="districtquota_unique_district"),
            models.CheckConstraint(condition=Q(reserved__lte=F("quota")), name="districtquota_within_quota"),
        ]

    def __str__(self):
        return f"{self.district} · {self.quota}"

    def clean(self):
        if self.district_id and self.district.kind != OrgKind.DISTRICT:
            raise ValidationError({"district": _("只能给区县分配名额。")})
        if self.quota is not None and self.quota < self.reserved:
            raise ValidationError({"quota": _("名额不能少于已占用的%(n)s个。") % {"n": self.reserved}})
