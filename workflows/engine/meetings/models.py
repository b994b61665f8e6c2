"""Meetings and what is recorded of them; see the package docstring."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class ParticipantRole(models.TextChoices):
    EXPERT = "expert", _("专家")
    INSPECTOR = "inspector", _("督学")
    ITEM = "item", _("申报单位人员")
    STAFF = "staff", _("工作人员")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("未记录")
    PRESENT = "present", _("出席")
    ABSENT = "absent", _("缺席")
    EXCUSED = "excused", _("请假")


class Meeting(models.Model):
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="meetings",
                             verbose_name=_("事项"))
    # One live meeting per task (constraint below); a cancelled one stays, and another may follow it.
    task = models.ForeignKey("viewflow.Task", on_delete=models.PROTECT, related_name="meetings",
                             verbose_name=_("待办"))
    step = models.CharField(_("环节"), max_length=100)
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("会议地点"), max_length=200)
    agenda = models.TextField(_("会议议程"), blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED)
    remind_days = models.JSONField(_("提前提醒（工作日）"), default=list)
    revision = models.PositiveSmallIntegerField(_("改期次数"), default=0)
    minutes = models.TextField(_("会议纪要"), blank=True)
    minutes_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("纪要记录人"))
    minutes_at = models.DateTimeField(_("纪要记录时间"), null=True, blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("安排人"))
    created_at = models.DateTimeField(_("安排时间"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("结束人"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("取消人"))
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.TextField(_("取消理由"), blank=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["state", "starts_at"], name="meeting_state_start")]
        constraints = [models.UniqueConstraint(fields=["task"], condition=~models.Q(state="cancelled"),
                                               name="meeting_one_live_per_task")]

    def __str__(self):
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants",
                                verbose_name=_("会议"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_seats",
                             verbose_name=_("参会人"))
    role = models.CharField(_("参会身份"), max_length=20, choices=ParticipantRole.choices)
    attendance = models.CharField(_("出席情况"), max_length=20, choices=Attendance.choices, blank=True,
                                  default=Attendance.UNKNOWN)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("参会人")
        verbose_name_plural = _("参会人")
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_participant_once")]


class MeetingReschedule(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reschedules",
                                verbose_name=_("会议"))
    old_starts_at = models.DateTimeField(_("原会议时间"))
    old_place = models.CharField(_("原会议地点"), max_length=200)
    new_starts_at = models.DateTimeField(_("新会议时间"))
    new_place = models.CharField(_("新会议地点"), max_length=200)
    reason = models.TextField(_("改期理由"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("改期人"))
    at = models.DateTimeField(_("改期时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会议改期")
        verbose_name_plural = _("会议改期")
        ordering = ["meeting", "at", "pk"]


class MinutesFile(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files", verbose_name=_("会议"))
    file = models.FileField(_("文件"), upload_to="meetings/%Y%m/", max_length=255)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("校验值"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会议纪要附件")
        verbose_name_plural = _("会议纪要附件")
        ordering = ["meeting", "pk"]
