"""Reminder and escalation policies: data that steps and programmes point to by foreign key.

A policy is versioned: (code, version) is unique, and once a schedule row uses a version it is
locked (`in_use_since`), so that reminders already planned keep meaning what they meant. To change
the rules, copy it to a new version (`new_version()`, or the admin action) and point new steps at it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduleKind(models.TextChoices):
    REMINDER = "reminder", _("到期提醒")
    ESCALATION = "escalation", _("超期督办")


class EscalationLevel(models.TextChoices):
    """Whose head an escalation goes to, listed bottom-up: a level whose head is the handler (or
    that has no head) hands the step to the next level up."""

    HANDLER_ORG = "handler_org", _("经办人所在单位负责人")
    HANDLER_ORG_PARENT = "handler_org_parent", _("经办人上级单位负责人")
    OWNER_DEPARTMENT = "owner_department", _("主管处室负责人")


ESCALATION_CHAIN = [EscalationLevel.HANDLER_ORG, EscalationLevel.HANDLER_ORG_PARENT, EscalationLevel.OWNER_DEPARTMENT]
DEFAULT_AT_TIME = datetime.time(9, 0)
MAX_WORKING_DAYS = 60
DEFAULT_POLICY_CODE = "default"  # created by migration 0002


def policy_locked_error(policy):
    return ValidationError(
        _("策略“%(policy)s”已被使用，不能再修改；请复制为新版本后修改。") % {"policy": policy}
    )


class ReminderPolicyQuerySet(models.QuerySet):
    def current(self, code: str = DEFAULT_POLICY_CODE) -> "ReminderPolicy | None":
        """The newest version of a policy code: what a new step or programme should point to."""
        return self.filter(code=code).order_by("-version").first()

    def current_with_steps(self, code: str = DEFAULT_POLICY_CODE) -> "ReminderPolicy | None":
        """current(code) with its steps, read in one statement (every task that opens needs both)."""
        newest = self.filter(code=code).order_by("-version").values("version")[:1]
        steps = list(
            PolicyStep.objects.filter(policy__code=code, policy__version=Subquery(newest)).select_related("policy")
        )
        if not steps:  # a policy without steps (or no policy): the policy alone
            policy = self.current(code)
            if policy is not None:
                policy.loaded_steps = []
            return policy
        policy = steps[0].policy
        for step in steps:
            step.policy = policy
        policy.loaded_steps = steps
        return policy


class ReminderPolicy(models.Model):
    code = models.SlugField(_("代码"), max_length=50, help_text=_("同一策略的各版本共用一个代码，如 default"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    in_use_since = models.DateTimeField(_("启用时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ReminderPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒与督办策略")
        verbose_name_plural = _("提醒与督办策略")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="reminderpolicy_unique_code_version"),
        ]

    def __str__(self):
        return _("%(name)s（%(code)s 第%(version)s版）") % {"name": self.name, "code": self.code, "version": self.version}

    @property
    def in_use(self) -> bool:
        return self.in_use_since is not None

    def save(self, *args, **kwargs):
        if self.pk:
            stored = ReminderPolicy.objects.filter(pk=self.pk).values("code", "version", "in_use_since").first()
            if stored and stored["in_use_since"] and (stored["code"], stored["version"]) != (self.code, self.version):
                raise policy_locked_error(self)
        super().save(*args, **kwargs)

    def mark_in_use(self):
        """Lock this version. Called by `notifications.api.schedule`; the engine may also call it
        when a programme or plan that points here goes live."""
        if self.in_use_since is None:
            ReminderPolicy.objects.filter(pk=self.pk, in_use_since__isnull=True).update(in_use_since=timezone.now())
            self.refresh_from_db(fields=["in_use_since"])

    @transaction.atomic
    def new_version(self) -> "ReminderPolicy":
        """An unlocked copy (same code, next version number) with the same steps."""
        latest = ReminderPolicy.objects.filter(code=self.code).aggregate(v=Max("version"))["v"] or 0
        copy = ReminderPolicy.objects.create(
            code=self.code, version=latest + 1, name=self.name, description=self.description
        )
        PolicyStep.objects.bulk_create(
            PolicyStep(policy=copy, kind=s.kind, working_days=s.working_days, at_time=s.at_time, level=s.level)
            for s in self.steps.all()
        )
        return copy

    # Set by ReminderPolicy.objects.current_with_steps(): the steps, already read.
    loaded_steps = None

    def step_list(self) -> list["PolicyStep"]:
        """The steps in order (reminders, then escalations, each by working days)."""
        return self.loaded_steps if self.loaded_steps is not None else list(self.steps.all())

    def reminder_steps(self):
        return [s for s in self.step_list() if s.kind == ScheduleKind.REMINDER]

    def escalation_steps(self):
        return [s for s in self.step_list() if s.kind == ScheduleKind.ESCALATION]


class PolicyStep(models.Model):
    """One reminder (N working days before the due date; 0 = the due day) or one escalation (N
    working days after it, to the head of a level of the tree), at a local time of day."""

    policy = models.ForeignKey(ReminderPolicy, on_delete=models.CASCADE, related_name="steps", verbose_name=_("策略"))
    kind = models.CharField(_("类型"), max_length=20, choices=ScheduleKind.choices)
    working_days = models.PositiveSmallIntegerField(
        _("工作日数"), help_text=_("提醒：到期前第几个工作日（0 表示到期当天）；督办：超期后第几个工作日（至少 1）")
    )
    at_time = models.TimeField(_("发送时间"), default=DEFAULT_AT_TIME)
    level = models.CharField(_("督办对象"), max_length=30, choices=EscalationLevel.choices, blank=True)

    class Meta:
        verbose_name = _("提醒或督办步骤")
        verbose_name_plural = _("提醒或督办步骤")
        ordering = ["kind", "working_days"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "kind", "working_days"], name="policystep_unique_day"),
            models.CheckConstraint(
                condition=Q(kind=ScheduleKind.REMINDER, level="")
                | (Q(kind=ScheduleKind.ESCALATION, working_days__gte=1) & ~Q(level="")),
                name="policystep_kind_fields",
            ),
        ]

    def __str__(self):
        if self.kind == ScheduleKind.REMINDER:
            if self.working_days == 0:
                return _("到期当天 %(time)s 提醒") % {"time": self.at_time.strftime("%H:%M")}
            return _("到期前第%(n)s个工作日 %(time)s 提醒") % {"n": self.working_days, "time": self.at_time.strftime("%H:%M")}
        return _("超期后第%(n)s个工作日 %(time)s 督办%(level)s") % {
            "n": self.working_days,
            "time": self.at_time.strftime("%H:%M"),
            "level": self.get_level_display(),
        }

    def clean(self):
        if self.policy_id and self.policy.in_use:
            raise policy_locked_error(self.policy)
        if self.working_days is not None and self.working_days > MAX_WORKING_DAYS:
            raise ValidationError({"working_days": _("工作日数不能超过%(max)s。") % {"max": MAX_WORKING_DAYS}})
        if self.kind == ScheduleKind.REMINDER and self.level:
            raise ValidationError({"level": _("到期提醒不需要督办对象。")})
        if self.kind == ScheduleKind.ESCALATION:
            if not self.level:
                raise ValidationError({"level": _("超期督办必须选择督办对象。")})
            if self.working_days is not None and self.working_days < 1:
                raise ValidationError({"working_days": _("超期督办至少在超期后第1个工作日。")})

    def save(self, *args, **kwargs):
        if ReminderPolicy.objects.filter(pk=self.policy_id, in_use_since__isnull=False).exists():
            raise policy_locked_error(self.policy)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if ReminderPolicy.objects.filter(pk=self.policy_id, in_use_since__isnull=False).exists():
            raise policy_locked_error(self.policy)
        return super().delete(*args, **kwargs)
