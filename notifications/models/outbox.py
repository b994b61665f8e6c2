"""The outbox: one row per message to one person, written in the action's transaction.

The row is the in-app message (`read_at` is the inbox's unread flag). In the same transaction it
is routed into one Delivery per outside channel (notifications.routing) and marked published:
from then on each Delivery carries its own publication to the broker (`published_at`, republished
by the sweep when stale), so nothing here is updated after the commit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import KIND_MAX_LENGTH, check_kind, kind_label
from notifications.models.target import TargetMixin


class OutboxState(models.TextChoices):
    PENDING = "pending", _("待发布")
    PUBLISHED = "published", _("已发布")


class Notification(TargetMixin):
    key = models.CharField(_("唯一键"), max_length=200, unique=True)
    # A registered kind (notifications.kinds): the senders' vocabulary is theirs, not this model's.
    kind = models.CharField(_("消息类型"), max_length=KIND_MAX_LENGTH, validators=[check_kind])
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
        db_index=False,  # outbox_inbox starts with it: one index fewer to write per message
    )
    template = models.CharField(_("模板代码"), max_length=100, blank=True, help_text=_("留空则按消息类型选用模板"))
    params = models.JSONField(_("参数"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=OutboxState.choices, default=OutboxState.PENDING)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep republishes what is left unsent: a small partial index, oldest first.
            models.Index(fields=["created_at"], condition=Q(state=OutboxState.PENDING), name="outbox_unpublished"),
            models.Index(fields=["recipient", "-created_at"], name="outbox_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="outbox_unread"),
            models.Index(fields=["target_type", "target_id"], name="outbox_target"),
        ]

    def __str__(self):
        return f"{kind_label(self.kind)} → {self.recipient}"
