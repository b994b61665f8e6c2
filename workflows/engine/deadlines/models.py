"""Deadlines of human tasks, and the per-step time limits a campaign or plan sets for itself.

A task's deadline lives in its own one-to-one table beside viewflow's Task (no custom Task model,
so viewflow's queries and ours stay plain). The services are in workflows.engine.deadlines.services.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflows.engine.deadlines.limits import MAX_WORKING_DAYS


class DeadlineSource(models.TextChoices):
    WORKING_DAYS = "working_days", _("工作日时限")
    FIXED_DATE = "fixed_date", _("指定日期")
    MOVED = "moved", _("调整后的期限")


class PendingReason(models.TextChoices):
    NONE = "", _("无")
    CALENDAR_YEAR_MISSING = "calendar_year_missing", _("工作日历年度未录入")


class StepDeadlineRule(models.Model):
    """A campaign's (or plan's, or programme's) own time limit for one step of one flow: a number
    of working days or a fixed date, and optionally its own reminder policy. It overrides the
    limit the step declares in the flow, for the processes started for that owner."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    # viewflow's task reference, e.g. "sampleapp/flows.ApplicationFlow.district_review"
    step = models.CharField(_("步骤"), max_length=255)
    working_days = models.PositiveSmallIntegerField(_("工作日时限"), null=True, blank=True)
    due_at = models.DateTimeField(_("指定期限"), null=True, blank=True)
    policy = models.ForeignKey(
        "notifications.ReminderPolicy", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("提醒与督办策略"), help_text=_("留空则使用步骤默认的策略"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("设置人"),
    )
    updated_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("步骤办理时限")
        verbose_name_plural = _("步骤办理时限")
        constraints = [
            models.UniqueConstraint(fields=["owner_type", "owner_id", "step"], name="stepdeadlinerule_unique_step"),
            models.CheckConstraint(
                condition=Q(working_days__isnull=False, due_at__isnull=True)
                | Q(working_days__isnull=True, due_at__isnull=False),
                name="stepdeadlinerule_days_or_date",
            ),
        ]

    def __str__(self):
        return f"{self.step}: {self.working_days or self.due_at}"

    def clean(self):
        if (self.working_days is None) == (self.due_at is None):
            raise ValidationError(_("请填写工作日时限或指定期限，二者只能填一项。"))
        if self.working_days is not None and not 1 <= self.working_days <= MAX_WORKING_DAYS:
            raise ValidationError(
                {"working_days": _("工作日时限须在1至%(max)d之间。") % {"max": MAX_WORKING_DAYS}}
            )


class TaskDeadline(models.Model):
    """When an open human task is due, how that was decided, and what is still pending.

    `due_at` is empty while the calendar year it needs is missing (`pending_year`); the task
    works as usual meanwhile. `pending_year` is also set when the due date is known but its
    reminders or escalations run into a missing year. `revision` counts changes of `due_at`; it is
    part of the reminder keys, so that a moved deadline reminds again.
    """

    task = models.OneToOneField(
        "viewflow.Task", on_delete=models.CASCADE, primary_key=True, related_name="deadline", verbose_name=_("待办")
    )
    source = models.CharField(_("期限来源"), max_length=20, choices=DeadlineSource.choices)
    # The count's inputs, so that a pending deadline can be computed later without the flow.
    counted_from = models.DateTimeField(_("起算时间"))
    working_days = models.PositiveSmallIntegerField(_("工作日时限"), null=True, blank=True)
    rule = models.ForeignKey(
        StepDeadlineRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines",
        verbose_name=_("批次时限"),
    )
    policy = models.ForeignKey(
        "notifications.ReminderPolicy", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("提醒与督办策略"),
    )
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True)
    pending_reason = models.CharField(
        _("暂缓原因"), max_length=30, choices=PendingReason.choices, blank=True, default=PendingReason.NONE
    )
    pending_year = models.PositiveSmallIntegerField(_("待录入的日历年度"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("调整次数"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("办理期限")
        verbose_name_plural = _("办理期限")
        constraints = [
            models.CheckConstraint(
                condition=Q(pending_year__isnull=True, pending_reason="")
                | Q(pending_year__isnull=False, pending_reason=PendingReason.CALENDAR_YEAR_MISSING),
                name="taskdeadline_pending_has_year",
            ),
            models.CheckConstraint(
                condition=Q(due_at__isnull=False) | Q(pending_year__isnull=False),
                name="taskdeadline_due_or_pending",
            ),
        ]
        indexes = [
            # What a calendar year's arrival recomputes.
            models.Index(fields=["pending_year"], condition=Q(pending_year__isnull=False), name="taskdeadline_pending"),
        ]

    def __str__(self):
        return f"{self.task_id}: {self.due_at or self.get_pending_reason_display()}"

    @property
    def is_pending(self) -> bool:
        return self.due_at is None

    def reminder_prefix(self) -> str:
        return f"task:{self.task_id}:due{self.revision}:"
