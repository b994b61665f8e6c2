"""The reminder schedule: one row per future reminder or escalation, keyed uniquely.

The sweep (issue 5) claims pending rows whose `due_at` has passed through the partial index
`schedule_due_pending`, so its cost follows what is due, not how many tasks are open. A row goes
to one person (`recipient`) or to every holder of a role at an organisation (an unclaimed queue
task), never both: a check constraint says so.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.orgs.roles import Role
from notifications.models.policies import ReminderPolicy, ScheduleKind
from notifications.models.target import TargetMixin


class ScheduleState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    CANCELLED = "cancelled", _("已取消")
    # The sweep caught up after downtime and a later stage for the same audience was due too:
    # only the latest is sent ("due in 3 days" is stale once the due day has passed).
    SKIPPED = "skipped", _("已被后续提醒取代")


def series_of(key: str) -> str:
    """The series a key belongs to: the key without its last two segments (the stage, e.g.
    "reminder:3"), so "task:42:reminder:3" and "task:42:escalation:1" are both in "task:42:".
    A key of fewer than three segments is a series of its own."""
    parts = key.split(":")
    if len(parts) < 3:
        return key
    return ":".join(parts[:-2]) + ":"


class ScheduledReminder(TargetMixin):
    key = models.CharField(_("唯一键"), max_length=200, unique=True)
    series = models.CharField(_("系列"), max_length=200, editable=False, default="", help_text=_("键去掉最后的阶段部分"))
    kind = models.CharField(_("类型"), max_length=20, choices=ScheduleKind.choices, default=ScheduleKind.REMINDER)
    state = models.CharField(_("状态"), max_length=20, choices=ScheduleState.choices, default=ScheduleState.PENDING)
    due_at = models.DateTimeField(_("发送时间"))
    deadline = models.DateTimeField(_("办理期限"), null=True, blank=True)
    offset_days = models.SmallIntegerField(
        _("相对工作日"), default=0, help_text=_("负数为到期前，0 为到期当天，正数为超期后")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scheduled_reminders",
        verbose_name=_("接收人"),
    )
    role = models.CharField(_("接收角色"), max_length=30, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接收组织"),
    )
    policy = models.ForeignKey(ReminderPolicy, on_delete=models.PROTECT, related_name="+", verbose_name=_("策略"))
    params = models.JSONField(_("参数"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    sent_at = models.DateTimeField(_("发送于"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消于"), null=True, blank=True)

    class Meta:
        verbose_name = _("提醒计划")
        verbose_name_plural = _("提醒计划")
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, role="")
                | (Q(recipient__isnull=True, organisation__isnull=False) & ~Q(role="")),
                name="schedule_recipient_or_role",
            ),
            models.CheckConstraint(condition=Q(state__in=ScheduleState.values), name="schedule_state_valid"),
        ]
        indexes = [
            # "What is due now": WHERE state = 'pending' AND due_at <= now ORDER BY due_at.
            models.Index(fields=["due_at"], condition=Q(state=ScheduleState.PENDING), name="schedule_due_pending"),
            # cancel/reassign by key prefix (LIKE 'prefix%') on PostgreSQL, whatever the collation.
            models.Index(
                fields=["key"],
                opclasses=["varchar_pattern_ops"],
                condition=Q(state=ScheduleState.PENDING),
                name="schedule_key_prefix_pending",
            ),
            models.Index(fields=["target_type", "target_id"], name="schedule_target"),
            # The sweep's catch-up rule looks for a later due stage of the same series.
            models.Index(fields=["series", "due_at"], name="schedule_series_due"),
        ]

    def __str__(self):
        return self.key

    def save(self, *args, **kwargs):
        self.series = series_of(self.key)
        super().save(*args, **kwargs)
