"""One background export: who asked, from which list and filters, which rows (fixed at the
request), how far the worker has come, and the file while it is kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ExportState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    EXPIRED = "expired", _("已过期")


ACTIVE_STATES = (ExportState.QUEUED, ExportState.RUNNING)


def export_path(instance, filename):
    return f"exports/{instance.owner_id}/{filename}"


class ExportJob(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs",
                              verbose_name=_("导出人"))
    list_name = models.CharField(_("列表"), max_length=20)
    title = models.CharField(_("名称"), max_length=100)
    # The page's query string as it was (filters and sort), shown on the job's page and kept for
    # the record; the rows themselves are `row_ids`, not a query run again later.
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    row_ids = models.JSONField(_("记录"), default=list, blank=True, editable=False)
    total = models.PositiveIntegerField(_("记录数"), default=0)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    written = models.PositiveIntegerField(_("已写入"), default=0)
    state = models.CharField(_("状态"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    reason = models.TextField(_("失败原因"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    file = models.FileField(_("文件"), upload_to=export_path, max_length=255, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["state", "expires_at"])]

    def __str__(self):
        return f"{self.title} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def title_text(self) -> str:
        """The list's name in the reader's language (`title` holds its msgid, e.g. 事项查询)."""
        return gettext(self.title)

    @property
    def reason_text(self) -> str:
        """Why it failed, in the reader's language (`reason` holds the msgid)."""
        return gettext(self.reason) if self.reason else ""

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def file_name(self) -> str:
        return f"{self.title_text}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.xlsx"
