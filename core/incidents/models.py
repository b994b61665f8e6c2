from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已解决")


class Incident(models.Model):
    """Something went wrong that needs a person: a calendar year missing, a delivery that failed
    after its last retry. At most one open incident per (kind, key): raising it again bumps
    `occurrences` and `last_seen_at` instead of adding a row."""

    kind = models.CharField(_("类型"), max_length=60)
    key = models.CharField(_("标识"), max_length=200, help_text=_("同一类型下标识同一问题，如年份或投递编号"))
    title = models.CharField(_("标题"), max_length=200)
    detail = models.TextField(_("详情"), blank=True)
    payload = models.JSONField(_("数据"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    occurrences = models.PositiveIntegerField(_("发生次数"), default=1)
    last_seen_at = models.DateTimeField(_("最近发生时间"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("重试次数"), default=0)
    last_error = models.TextField(_("最近一次重试错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("解决人"),
    )

    class Meta:
        verbose_name = _("异常事件")
        verbose_name_plural = _("异常事件")
        ordering = ["-last_seen_at"]
        constraints = [
            # The database, not the code, guarantees one open incident per problem, also when
            # two workers raise it at the same moment.
            models.UniqueConstraint(
                fields=["kind", "key"], condition=Q(status="open"), name="incident_one_open_per_kind_key"
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"[{self.kind}] {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == IncidentStatus.OPEN
