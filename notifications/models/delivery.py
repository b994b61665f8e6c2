"""Deliveries: one row per notification and channel (email, webhook), or per daily digest.

The outbox row (Notification) is the in-app message itself: it is in the recipient's inbox as soon
as the action commits, broker or no broker. Everything that leaves the system goes through a
Delivery, whose `key` is unique in the database, so a notification reaches each channel once
however often its task message is published or delivered. A worker claims a row
(pending → sending) before it sends and records the outcome (sent, or back to pending with a
backoff, or failed after the last attempt).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("群机器人")
    DIGEST = "digest", _("每日摘要邮件")


class DeliveryState(models.TextChoices):
    HELD = "held", _("等待每日摘要")
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Delivery(models.Model):
    key = models.CharField(_("唯一键"), max_length=255, unique=True)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("通知"),
        help_text=_("每日摘要没有单条通知"),
    )
    # Deliveries are written by the thousand at peak: every index costs. Lookups by recipient go
    # through delivery_held, by bundle through delivery_bundle; endpoints are looked up from the
    # delivery, never the other way round (deleting a robot or a person scans, which is rare).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("接收人"), db_index=False
    )
    endpoint = models.ForeignKey(
        "notifications.WebhookEndpoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("群机器人"),
        db_index=False,
    )
    bundle = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("所属摘要"),
        db_index=False,
    )
    state = models.CharField(_("状态"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    available_at = models.DateTimeField(_("可发送时间"), default=timezone.now)
    published_at = models.DateTimeField(_("最近入队时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    claimed_by = models.CharField(_("发送进程"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("发送完成时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=DeliveryState.values), name="delivery_state_valid"),
            models.CheckConstraint(
                condition=Q(channel=Channel.DIGEST, notification__isnull=True)
                | (~Q(channel=Channel.DIGEST) & Q(notification__isnull=False)),
                name="delivery_notification_unless_digest",
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.WEBHOOK, endpoint__isnull=False)
                | (~Q(channel=Channel.WEBHOOK) & Q(endpoint__isnull=True)),
                name="delivery_endpoint_iff_webhook",
            ),
        ]
        indexes = [
            # The sweep's republish queries: small partial indexes over what is in flight.
            models.Index(fields=["available_at"], condition=Q(state=DeliveryState.PENDING), name="delivery_pending"),
            models.Index(fields=["claimed_at"], condition=Q(state=DeliveryState.SENDING), name="delivery_sending"),
            # Daily digests: what each person has waiting.
            models.Index(fields=["recipient", "created_at"], condition=Q(state=DeliveryState.HELD), name="delivery_held"),
            models.Index(fields=["bundle"], condition=Q(bundle__isnull=False), name="delivery_bundle"),
        ]

    def __str__(self):
        return self.key
