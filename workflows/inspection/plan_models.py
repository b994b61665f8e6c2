"""An inspection plan (督导计划) and its targets: the 督导室 chooses the kind, the indicator set (a
rubric version), the targets and the schedule, and dispatches one case per target
(workflows.inspection.flows.PlanFlow). The per-stage deadlines are the engine's StepDeadlineRule
rows owned by the plan (fixed dates or working days), read by every case it dispatches."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Item


class InspectionKind(models.TextChoices):
    """The seed's five kinds of plan (常态督导 is not a plan: workflows.inspection.routine)."""

    GOVERNMENT_DUTIES = "government_duties", _("区县(市)政府履行教育职责情况专项督导")
    BURDEN_REDUCTION = "burden_reduction", _("减轻学生作业负担和校外培训负担专项督导")
    KINDERGARTEN_CONDUCT = "kindergarten_conduct", _("幼儿园办园行为专项督导")
    PRESCHOOL_UNIVERSAL = "preschool_universal", _("县域学前教育普及普惠督导评估")
    COMPULSORY_BALANCED = "compulsory_balanced", _("义务教育优质均衡督导评估")


class TimeoutAction(models.TextChoices):
    """What happens when a target has not filed its self-assessment by the deadline."""

    ESCALATE = "escalate", _("仅提醒督办，继续等待")
    MARK_MISSING = "mark_missing", _("记为未提交，进入下一环节")


class InspectionPlan(Item):
    KIND = "inspection_plan"
    REF_PREFIX = "DDJH"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_PROGRESS = "in_progress", _("督导中")
        COMPLETED = "completed", _("已完成")
        REJECTED = "rejected", _("已驳回")
        WITHDRAWN = "withdrawn", _("已撤回")

    EDITABLE_STATUSES = frozenset({Status.DRAFT})

    class Meta:
        proxy = True
        verbose_name = _("督导计划")
        verbose_name_plural = _("督导计划")

    def targets(self):
        """The organisations the plan dispatches a case to, in the order they were chosen."""
        return [target.organisation for target in
                PlanTarget.objects.filter(plan_id=self.pk).select_related("organisation").order_by("position")]


class PlanDetails(models.Model):
    """The plan's own fields, one row per plan."""

    item = models.OneToOneField(Item, on_delete=models.PROTECT, primary_key=True, related_name="inspection_plan")
    kind = models.CharField(_("督导类型"), max_length=40, choices=InspectionKind.choices)
    rubric = models.ForeignKey("workflows.Rubric", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("督导指标"))
    timeout_action = models.CharField(_("自评逾期处理"), max_length=20, choices=TimeoutAction.choices,
                                      default=TimeoutAction.ESCALATE)
    visit_from = models.DateField(_("进校督导开始日期"), null=True, blank=True)
    visit_until = models.DateField(_("进校督导结束日期"), null=True, blank=True)
    notice = models.TextField(_("督导通知"), blank=True)
    dispatched_at = models.DateTimeField(_("下发时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督导计划内容")
        verbose_name_plural = _("督导计划内容")


class PlanTarget(models.Model):
    """A district or school the plan dispatches a case to."""

    plan = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="inspection_targets",
                             verbose_name=_("督导计划"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("督导对象"))
    position = models.PositiveIntegerField(_("序号"))

    class Meta:
        verbose_name = _("督导对象")
        verbose_name_plural = _("督导对象")
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="inspection_target_once"),
            models.UniqueConstraint(fields=["plan", "position"], name="inspection_target_position"),
        ]

    def __str__(self):
        return f"{self.plan_id} → {self.organisation_id}"
