"""Rubrics (评分指标): a department's indicators (a tree), pass mark, grade bands, result rule and
tie-breaks. A version is edited until something uses it (`services.use_rubric`: a campaign, a
plan, a scoring step), then frozen for good; later edits go to a new version (a copy). The
services are in `rubrics.services`, the computations in `rubrics.results`.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import OrgKind
from workflows.engine.rubrics.shapes import MEAN, TRIMMED_MEAN

SCORE_DIGITS = {"max_digits": 7, "decimal_places": 2}


class ResultRule(models.TextChoices):
    TRIMMED_MEAN = TRIMMED_MEAN, _("去掉一个最高分和一个最低分后取平均（5位及以上专家时），否则取平均")
    MEAN = MEAN, _("取平均分")


class Rubric(models.Model):
    department = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="rubrics",
                                   limit_choices_to={"kind": OrgKind.DEPARTMENT}, verbose_name=_("主管处室"))
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies",
                                    verbose_name=_("复制自"))
    pass_mark = models.DecimalField(_("合格分数线"), null=True, blank=True, validators=[MinValueValidator(0)],
                                    help_text=_("留空表示不设合格线（只按等级评定）"), **SCORE_DIGITS)
    result_rule = models.CharField(_("计分规则"), max_length=20, choices=ResultRule.choices,
                                   default=ResultRule.TRIMMED_MEAN)
    # [{"by": "indicator", "code": "A1"}, {"by": "spread"}]: see rubrics.shapes.
    tie_breaks = models.JSONField(_("同分排名规则"), default=list, blank=True)
    frozen_at = models.DateTimeField(_("启用时间"), null=True, blank=True, editable=False,
                                     help_text=_("被申报批次、计划或评分环节使用后即冻结，不能再修改"))
    frozen_by = models.CharField(_("使用方"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评分指标")
        verbose_name_plural = _("评分指标")
        ordering = ["department_id", "name", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name", "year", "version"], name="rubric_unique_version"),
            models.CheckConstraint(condition=Q(pass_mark__isnull=True) | Q(pass_mark__gte=0),
                                   name="rubric_pass_mark_not_negative"),
        ]

    def __str__(self):
        return _("%(name)s（%(year)s年第%(version)s版）") % {"name": self.name, "year": self.year,
                                                       "version": self.version}

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class Indicator(models.Model):
    """One indicator. Only leaves (no children) are scored; a group's score is its children's
    weighted sum. `code` names it in score sheets and tie-breaks and survives a copy."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("评分指标"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name=_("上级指标"))
    code = models.CharField(_("编号"), max_length=20, help_text=_("如 A1、A1.2，在本评分指标中唯一"))
    name = models.CharField(_("指标名称"), max_length=200)
    guidance = models.TextField(_("评分说明"), blank=True)
    max_score = models.DecimalField(_("满分"), validators=[MinValueValidator(0)], **SCORE_DIGITS)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=3, default=1,
                                 validators=[MinValueValidator(0)], help_text=_("得分乘以权重计入总分；默认1"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["rubric_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="indicator_unique_code"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="indicator_max_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="indicator_weight_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class GradeBand(models.Model):
    """A grade (五星 ≥900 … 一星 550–649): totals from `min_score` (inclusive) to `max_score`
    (inclusive; empty: up to the next band, or no limit at the top)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="bands", verbose_name=_("评分指标"))
    label = models.CharField(_("等级"), max_length=50)
    min_score = models.DecimalField(_("最低分（含）"), validators=[MinValueValidator(0)], **SCORE_DIGITS)
    max_score = models.DecimalField(_("最高分（含）"), null=True, blank=True, **SCORE_DIGITS)

    class Meta:
        verbose_name = _("等级")
        verbose_name_plural = _("等级")
        ordering = ["rubric_id", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "label"], name="gradeband_unique_label"),
            models.CheckConstraint(condition=Q(min_score__gte=0), name="gradeband_min_not_negative"),
            models.CheckConstraint(condition=Q(max_score__isnull=True) | Q(max_score__gte=models.F("min_score")),
                                   name="gradeband_max_not_below_min"),
        ]

    def __str__(self):
        return self.label
