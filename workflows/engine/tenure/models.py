"""The records of life after approval: the terms (data per kind and programme), the tenure of an
approved item, its annual reports with their ratings, and its re-assessments (复核)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def validate_month_day(value: str) -> None:
    if not MONTH_DAY.match(value or ""):
        raise ValidationError(_("请按“月-日”填写，如 11-01。"), code="month_day")


def validate_day_offsets(value) -> None:
    if not isinstance(value, list) or not all(isinstance(days, int) and 0 < days <= 3650 for days in value):
        raise ValidationError(_("请填写提前天数的列表，如 [90, 30]。"), code="day_offsets")


class TermsPolicy(models.Model):
    """How an approved item of a kind (and programme) lives on: data, not code. The most specific
    row wins: the kind's programme, else the kind's row with no programme (rules.terms_for)."""

    kind = models.CharField(_("事项类别"), max_length=30)
    programme_code = models.SlugField(_("项目代码"), max_length=50, blank=True,
                                      help_text=_("留空：适用于该类别的所有项目"))
    name = models.CharField(_("名称"), max_length=100)
    validity_years = models.PositiveSmallIntegerField(
        _("有效期（年）"), default=3, help_text=_("事项属于申报项目时以项目的有效期为准；此处为没有项目时的默认值"))
    reminder_days = models.JSONField(_("到期前提醒（天）"), default=list, validators=[validate_day_offsets],
                                     help_text=_("如 [90, 30]：到期前90天和30天提醒"))
    # The annual window (年度考核期) in which the holder files the year's report and the
    # department rates it, as month-day within one calendar year.
    report_opens = models.CharField(_("年度考核开始（月-日）"), max_length=5, default="11-01",
                                    validators=[validate_month_day])
    report_closes = models.CharField(_("年度考核结束（月-日）"), max_length=5, default="12-31",
                                     validators=[validate_month_day])
    # The year's report is owed by the window's last day: the holder is reminded at these
    # offsets before it, and the head above the holder hears at report_escalate_days before it,
    # while there is still time to file (tenure/report_reminders.py).
    report_reminder_days = models.JSONField(_("年度总结截止前提醒（天）"), default=list, blank=True,
                                            validators=[validate_day_offsets],
                                            help_text=_("如 [30, 7]：考核期结束前30天和7天提醒尚未提交的持有人"))
    report_escalate_days = models.PositiveSmallIntegerField(
        _("年度总结截止前几天上报"), null=True, blank=True,
        help_text=_("截止前这么多天仍未提交时，告知持有人所在单位负责人（持有人即负责人时告知区县负责人）；留空不上报"))
    # "Two 不合格 revoke": how many 不合格 ratings revoke the tenure; empty: none do.
    failures_to_revoke = models.PositiveSmallIntegerField(_("累计不合格几次撤销"), null=True, blank=True)
    renewal_skips = models.JSONField(_("续期免于的环节"), default=list, blank=True,
                                     help_text=_("流程步骤名称列表，如 [\"district_review\"]"))
    renewal_opens_days = models.PositiveSmallIntegerField(_("到期前多少天可申请续期"), default=180)
    revocation_doc_type = models.SlugField(_("撤销决定的公文类型"), max_length=40, default="revocation",
                                           help_text=_("公文类型代码（文号前缀由办公室维护）"))

    class Meta:
        verbose_name = _("有效期规则")
        verbose_name_plural = _("有效期规则")
        ordering = ["kind", "programme_code"]
        constraints = [models.UniqueConstraint(fields=["kind", "programme_code"], name="terms_unique_programme")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.report_closes and self.report_opens and self.report_closes < self.report_opens:
            raise ValidationError({"report_closes": _("年度考核结束不能早于开始（同一年内）。")})


class TenureState(models.TextChoices):
    ACTIVE = "active", _("有效")
    EXPIRED = "expired", _("已到期")
    REVOKED = "revoked", _("已撤销")
    RENEWED = "renewed", _("已续期")


class Tenure(models.Model):
    """An approved item's standing (认定/命名) from `starts_on` to `valid_until` (inclusive)."""

    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="tenures",
                             verbose_name=_("事项"))
    terms = models.ForeignKey(TermsPolicy, on_delete=models.PROTECT, related_name="+", verbose_name=_("有效期规则"))
    state = models.CharField(_("状态"), max_length=10, choices=TenureState.choices, default=TenureState.ACTIVE)
    starts_on = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("有效期至"))
    # The tenure this one continues (a renewal's), and the renewal application made for this one.
    renews = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="renewed_by", verbose_name=_("续期自"))
    renewal_item = models.OneToOneField("workflows.Item", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="renewal_for", verbose_name=_("续期申请"))
    ended_at = models.DateTimeField(_("终止时间"), null=True, blank=True)
    end_reason = models.TextField(_("撤销理由"), blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("撤销人"))
    # The numbered decision (文号) that revoked it.
    document = models.ForeignKey("docnumbers.DocNumber", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("撤销文号"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("认定有效期")
        verbose_name_plural = _("认定有效期")
        ordering = ["valid_until", "pk"]
        constraints = [
            # An item has one live tenure at a time: granting twice is refused by the database too.
            models.UniqueConstraint(fields=["item"], condition=Q(state="active"), name="tenure_one_active_per_item"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("starts_on")), name="tenure_ends_after_start"),
        ]
        indexes = [models.Index(fields=["state", "valid_until"], name="tenure_state_until")]

    def __str__(self):
        return f"{self.item_id}: {self.starts_on}–{self.valid_until}"

    @property
    def is_active(self) -> bool:
        return self.state == TenureState.ACTIVE


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class AnnualReport(models.Model):
    """A year's report by the holder (年度总结) and the department's rating of it."""

    tenure = models.ForeignKey(Tenure, on_delete=models.PROTECT, related_name="reports", verbose_name=_("认定"))
    year = models.PositiveSmallIntegerField(_("年度"))
    summary = models.TextField(_("年度总结"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("提交人"))
    filed_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    rating = models.CharField(_("考核结果"), max_length=10, choices=Rating.choices, blank=True)
    rating_note = models.TextField(_("考核意见"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("考核人"))
    rated_at = models.DateTimeField(_("考核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["tenure", "year"]
        constraints = [models.UniqueConstraint(fields=["tenure", "year"], name="report_one_per_year")]

    def __str__(self):
        return f"{self.tenure_id} {self.year}"


class ReassessmentOutcome(models.TextChoices):
    OPEN = "open", _("复核中")
    CONFIRMED = "confirmed", _("复核通过")
    FAILED = "failed", _("复核不通过")


class Reassessment(models.Model):
    """A re-assessment (复核) of an active tenure, opened by the department with its reason and
    closed with its outcome; a failed one revokes the tenure."""

    tenure = models.ForeignKey(Tenure, on_delete=models.PROTECT, related_name="reassessments",
                               verbose_name=_("认定"))
    reason = models.TextField(_("复核事由"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("发起人"))
    opened_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    outcome = models.CharField(_("复核结果"), max_length=10, choices=ReassessmentOutcome.choices,
                               default=ReassessmentOutcome.OPEN)
    note = models.TextField(_("复核意见"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("复核人"))
    closed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("复核")
        verbose_name_plural = _("复核")
        ordering = ["tenure", "opened_at"]
        constraints = [models.UniqueConstraint(fields=["tenure"], condition=Q(outcome="open"),
                                               name="reassessment_one_open")]

    def __str__(self):
        return f"{self.tenure_id} {self.get_outcome_display()}"
