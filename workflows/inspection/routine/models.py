"""常态督导's tables. Rows are written only by the services of this package (zones, visits, notices)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Zone(models.Model):
    """督学责任区: one 责任督学 and the schools they answer for (ZoneSchool)."""

    name = models.CharField(_("责任区名称"), max_length=100, unique=True)
    inspector = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="routine_zone",
                                     verbose_name=_("责任督学"))
    department = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("主管处室"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督学责任区")
        verbose_name_plural = _("督学责任区")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class ZoneSchool(models.Model):
    """A school of a zone. A school is in one zone at a time: the unique constraint, not a check
    in Python that two 督导室 clerks could both pass at once."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="members", verbose_name=_("责任区"))
    school = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="routine_zone_rows",
                               verbose_name=_("学校"))
    added_at = models.DateTimeField(_("划入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("责任区学校")
        verbose_name_plural = _("责任区学校")
        ordering = ["zone", "school__path"]
        constraints = [models.UniqueConstraint(fields=["school"], name="routine_school_in_one_zone")]


class VisitKind(models.TextChoices):
    LESSON = "lesson", _("听课")
    INTERVIEW = "interview", _("访谈")
    PATROL = "patrol", _("巡查")
    RECORDS = "records", _("查阅资料")
    MEETING = "meeting", _("座谈")
    OTHER = "other", _("其他")


class Visit(models.Model):
    """One visit of a 责任督学 to a school of their zone, as they recorded it."""

    school = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="routine_visits",
                               verbose_name=_("学校"))
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="visits", verbose_name=_("责任区"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("责任督学"))
    visited_on = models.DateField(_("督导日期"))
    # VisitKind codes, at least one: a list, so one visit may be 听课 and 访谈 at once.
    kinds = models.JSONField(_("督导方式"), default=list)
    findings = models.TextField(_("发现的问题与情况"))
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督导记录")
        verbose_name_plural = _("督导记录")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["school", "visited_on"], name="routine_visit_school_day")]

    def __str__(self):
        return f"{self.school} {self.visited_on:%Y-%m-%d}"

    def kind_labels(self) -> list[str]:
        labels = dict(VisitKind.choices)
        return [str(labels.get(code, code)) for code in self.kinds]


class StoredFile(models.Model):
    """A checked upload (workflows.engine.files): its original name, size and digest."""

    file = models.FileField(_("文件"), upload_to="routine/%Y%m/", max_length=255)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("校验值"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]


class VisitPhoto(StoredFile):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("督导记录"))

    class Meta(StoredFile.Meta):
        verbose_name = _("督导照片")
        verbose_name_plural = _("督导照片")


class NoticeState(models.TextChoices):
    ISSUED = "issued", _("待整改报告")
    REPORTED = "reported", _("待督学确认")
    RETURNED = "returned", _("退回重新报告")
    ACCEPTED = "accepted", _("整改已确认")


# Where the school owes a report (its deadline runs, reminders go out, lateness shows).
AWAITING_REPORT = (NoticeState.ISSUED, NoticeState.RETURNED)


class RectificationNotice(models.Model):
    """整改通知书: a numbered document (its 文号 and PDF: `document`) from a 责任督学 to a school of
    their zone, which reports back by `due_at` (working days); the 督学 accepts or returns it."""

    school = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="rectification_notices",
                               verbose_name=_("学校"))
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="notices", verbose_name=_("责任区"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("责任督学"))
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="notices",
                              verbose_name=_("督导记录"))
    document = models.OneToOneField("workflows.Document", on_delete=models.PROTECT, related_name="rectification",
                                    verbose_name=_("发文"))
    title = models.CharField(_("标题"), max_length=200)
    problems = models.TextField(_("存在的问题"))
    requirements = models.TextField(_("整改要求"))
    working_days = models.PositiveSmallIntegerField(_("整改期限（工作日）"))
    due_at = models.DateTimeField(_("报告截止时间"))
    state = models.CharField(_("状态"), max_length=20, choices=NoticeState.choices, default=NoticeState.ISSUED)
    # Bumped by every return, so that each round's reminders have keys of their own.
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    issued_at = models.DateTimeField(_("发出时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改通知书")
        verbose_name_plural = _("整改通知书")
        ordering = ["-issued_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(working_days__gte=1), name="routine_notice_days_positive")]

    def __str__(self):
        return f"{self.document.number_text} {self.title}" if self.document_id else self.title

    def is_overdue(self, now=None) -> bool:
        return self.state in AWAITING_REPORT and self.due_at < (now or timezone.now())


class ReportOutcome(models.TextChoices):
    PENDING = "pending", _("待确认")
    ACCEPTED = "accepted", _("已确认")
    RETURNED = "returned", _("已退回")


class NoticeReport(models.Model):
    """The school's 整改报告 for one round, and the 督学's answer to it."""

    notice = models.ForeignKey(RectificationNotice, on_delete=models.CASCADE, related_name="reports",
                               verbose_name=_("整改通知书"))
    round = models.PositiveSmallIntegerField(_("轮次"))
    text = models.TextField(_("整改情况"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("报告人"))
    submitted_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    late = models.BooleanField(_("逾期报告"), default=False)
    outcome = models.CharField(_("确认结果"), max_length=20, choices=ReportOutcome.choices,
                               default=ReportOutcome.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("确认人"))
    reviewed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    comment = models.TextField(_("督学意见"), blank=True)

    class Meta:
        verbose_name = _("整改报告")
        verbose_name_plural = _("整改报告")
        ordering = ["notice", "round"]
        constraints = [models.UniqueConstraint(fields=["notice", "round"], name="routine_report_once_per_round")]


class ReportFile(StoredFile):
    report = models.ForeignKey(NoticeReport, on_delete=models.CASCADE, related_name="files",
                               verbose_name=_("整改报告"))

    class Meta(StoredFile.Meta):
        verbose_name = _("整改报告附件")
        verbose_name_plural = _("整改报告附件")
