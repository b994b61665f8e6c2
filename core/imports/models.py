"""One import: who uploaded which file of which kind, how far the check has come, what it found
(the report) and what it wrote (the summary)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    CHECKING = "checking", _("检查中")
    INVALID = "invalid", _("有错误，未导入")
    READY = "ready", _("检查通过，待确认")
    WRITING = "writing", _("导入中")
    DONE = "done", _("已导入")
    FAILED = "failed", _("失败")


# While a job is in one of these, no other job of its kind may start (one import at a time).
ACTIVE_STATES = (ImportState.QUEUED, ImportState.CHECKING, ImportState.WRITING)


def import_path(instance, filename):
    return f"imports/{instance.kind}/{filename}"


class ImportJob(models.Model):
    kind = models.CharField(_("导入类型"), max_length=30)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs",
                              verbose_name=_("导入人"))
    # The department whose experts these are, for a department importing its own; None: the whole city.
    scope = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("范围"))
    file = models.FileField(_("文件"), upload_to=import_path, max_length=255)
    file_name = models.CharField(_("文件名"), max_length=255)
    state = models.CharField(_("状态"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    total = models.PositiveIntegerField(_("行数"), default=0)
    checked = models.PositiveIntegerField(_("已检查"), default=0)
    # [{"row": 3, "column": "手机号", "message": "…"}], at most MAX_REPORTED_ERRORS.
    errors = models.JSONField(_("错误"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    # {"created": n, "updated": n, "unchanged": n}: what it would write (ready) or wrote (done).
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    reason = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(state__in=ACTIVE_STATES),
                                    name="import_one_active_per_kind"),
        ]

    def __str__(self):
        return f"{self.file_name} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state in (ImportState.DONE, ImportState.READY, ImportState.INVALID):
            return 100
        return int(self.checked * 100 / self.total) if self.total else 0

    @property
    def kind_label(self) -> str:
        from core.imports import registry

        try:
            return str(registry.get(self.kind).label)
        except LookupError:
            return self.kind

    @property
    def reason_text(self) -> str:
        """Why it failed, in the reader's language (`reason` holds the msgid)."""
        return gettext(self.reason) if self.reason else ""

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES
