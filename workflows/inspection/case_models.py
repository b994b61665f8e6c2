"""An inspection case (督导案件): one target of a plan, from its self-assessment to the 复查.

What each stage writes lives here, one table per kind of record: the self-assessment's scores
(自评), the team (督导组) and its findings, the target's answer (申辩), the 督导意见书 and the
rectification rounds (整改), and a request for a 复查 of the conclusion.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Item
from workflows.engine.rubrics.models import SCORE_DIGITS


class InspectionCase(Item):
    KIND = "inspection"
    REF_PREFIX = "DD"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SELF_ASSESSMENT = "self_assessment", _("自评中")
        VISIT = "visit", _("进校督导中")
        FEEDBACK = "feedback", _("反馈申辩中")
        OPINION = "opinion", _("意见书待印发")
        RECTIFICATION_PLAN = "rectification_plan", _("整改方案待提交")
        RECTIFICATION_REPORT = "rectification_report", _("整改中")
        REVIEW = "review", _("复查中")
        CLOSED = "closed", _("已办结")
        REJECTED = "rejected", _("已驳回")
        WITHDRAWN = "withdrawn", _("已撤回")

    EDITABLE_STATUSES = frozenset({Status.SELF_ASSESSMENT, Status.FEEDBACK, Status.RECTIFICATION_PLAN,
                                   Status.RECTIFICATION_REPORT})

    class Meta:
        proxy = True
        verbose_name = _("督导案件")
        verbose_name_plural = _("督导案件")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class CaseDetails(models.Model):
    """The case's own fields: its plan and target (once per plan: a restarted dispatch cannot
    create a second case for a target), the self-assessment's time, the leader's overall rating,
    the target's answer and the 督导意见书."""

    item = models.OneToOneField(Item, on_delete=models.PROTECT, primary_key=True, related_name="inspection_case")
    plan = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="inspection_cases",
                             verbose_name=_("督导计划"))
    target = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("督导对象"))
    self_assessed_at = models.DateTimeField(_("自评提交时间"), null=True, blank=True)
    rating = models.CharField(_("总体评价"), max_length=20, choices=Rating.choices, blank=True)
    rating_summary = models.TextField(_("评价意见"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("评价人"))
    answer = models.TextField(_("申辩意见"), blank=True)
    opinion = models.ForeignKey("workflows.Document", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("督导意见书"))
    rectifications = models.TextField(_("整改要求"), blank=True)
    rectification_plan = models.TextField(_("整改方案"), blank=True)

    class Meta:
        verbose_name = _("督导案件内容")
        verbose_name_plural = _("督导案件内容")
        constraints = [models.UniqueConstraint(fields=["plan", "target"], name="inspection_case_once_per_target")]


class SelfScore(models.Model):
    """The target's own score and evidence on one indicator of the plan (自评)."""

    case = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="inspection_self_scores",
                             verbose_name=_("督导案件"))
    indicator = models.ForeignKey("workflows.Indicator", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("指标"))
    score = models.DecimalField(_("自评分"), **SCORE_DIGITS)
    evidence = models.TextField(_("佐证说明"), blank=True)

    class Meta:
        verbose_name = _("自评得分")
        verbose_name_plural = _("自评得分")
        constraints = [models.UniqueConstraint(fields=["case", "indicator"], name="inspection_self_score_once")]


class TeamMember(models.Model):
    """One 督学 of the case's team (督导组); exactly one is its leader."""

    case = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="inspection_team",
                             verbose_name=_("督导案件"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("督学"))
    is_leader = models.BooleanField(_("组长"), default=False)

    class Meta:
        verbose_name = _("督导组成员")
        verbose_name_plural = _("督导组成员")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="inspection_member_once"),
            models.UniqueConstraint(fields=["case"], condition=Q(is_leader=True), name="inspection_one_leader"),
        ]


class Finding(models.Model):
    """What one member found on one indicator during the visit, with the evidence."""

    case = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="inspection_findings",
                             verbose_name=_("督导案件"))
    indicator = models.ForeignKey("workflows.Indicator", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("指标"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("督学"))
    score = models.DecimalField(_("评分"), null=True, blank=True, **SCORE_DIGITS)
    text = models.TextField(_("督导发现"))
    evidence = models.TextField(_("佐证（照片、记录说明）"), blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)

    class Meta:
        verbose_name = _("督导发现")
        verbose_name_plural = _("督导发现")
        constraints = [models.UniqueConstraint(fields=["case", "indicator", "member"], name="inspection_finding_once")]


class RectificationReport(models.Model):
    """One round of the 整改报告 and its 复查: accepted closes the case, not accepted opens the next round."""

    case = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="inspection_reports",
                             verbose_name=_("督导案件"))
    round = models.PositiveSmallIntegerField(_("轮次"))
    text = models.TextField(_("整改报告"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("提交人"))
    filed_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    accepted = models.BooleanField(_("复查通过"), null=True)
    review_comment = models.TextField(_("复查意见"), blank=True)

    class Meta:
        verbose_name = _("整改报告")
        verbose_name_plural = _("整改报告")
        constraints = [models.UniqueConstraint(fields=["case", "round"], name="inspection_report_round_once")]


class ReexaminationRequest(models.Model):
    """The target's request for a 复查 of the conclusion (within 15 days of the 意见书), and its answer."""

    case = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="inspection_reexamination",
                                verbose_name=_("督导案件"))
    reason = models.TextField(_("申请理由"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    outcome = models.TextField(_("复查结论"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("答复人"))
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("结论复查申请")
        verbose_name_plural = _("结论复查申请")
