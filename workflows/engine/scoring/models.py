"""Score sheets and the result of a scoring step; see the package docstring."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.engine.rubrics.models import SCORE_DIGITS


class SheetState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回修改")


class ScoreSheet(models.Model):
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="score_sheets",
                             verbose_name=_("事项"))
    seat = models.ForeignKey("workflows.Seat", on_delete=models.PROTECT, related_name="score_sheets",
                             verbose_name=_("评审席位"))
    expert = models.ForeignKey("workflows.Expert", on_delete=models.PROTECT, related_name="score_sheets",
                               verbose_name=_("专家"))
    rubric = models.ForeignKey("workflows.Rubric", on_delete=models.PROTECT, related_name="score_sheets",
                               verbose_name=_("评分指标"))
    state = models.CharField(_("状态"), max_length=20, choices=SheetState.choices, default=SheetState.DRAFT)
    total = models.DecimalField(_("总分"), null=True, blank=True, **SCORE_DIGITS)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ["item", "seat__position"]
        constraints = [models.UniqueConstraint(fields=["item", "seat"], name="scoresheet_once_per_seat")]

    def __str__(self):
        return f"{self.item_id}/{self.seat_id} {self.state}"


class ScoreLine(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines", verbose_name=_("评分表"))
    code = models.CharField(_("指标编号"), max_length=20)
    score = models.DecimalField(_("得分"), null=True, blank=True, **SCORE_DIGITS)
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        ordering = ["sheet", "pk"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="scoreline_once_per_code")]


class ScoringResult(models.Model):
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="scoring_results",
                             verbose_name=_("事项"))
    rubric = models.ForeignKey("workflows.Rubric", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("评分指标"))
    total = models.DecimalField(_("最终得分"), **SCORE_DIGITS)
    passed = models.BooleanField(_("是否合格"))
    band = models.CharField(_("等级"), max_length=50, blank=True)
    # {"rule", "sheets": [{"sheet", "expert", "name", "total"}], "counted", "dropped", "indicators": {code: avg}}
    computation = models.JSONField(_("计算过程"), default=dict)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("确认人"))
    closed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评分结果")
        verbose_name_plural = _("评分结果")
        ordering = ["item", "-closed_at"]
