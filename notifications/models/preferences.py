"""Each person chooses, per kind of message, how email reaches them and whether their group robot
hears about it. Without a row the defaults apply: email at once, group robot on. The inbox always
shows everything."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.models.outbox import MessageKind


class EmailMode(models.TextChoices):
    INSTANT = "instant", _("立即发送")
    DIGEST = "digest", _("每日摘要（工作日 8:30）")
    OFF = "off", _("不发送")


# Escalations are urgent by nature: they never wait for the next morning's digest.
NEVER_DIGESTED = frozenset({MessageKind.ESCALATION})


class ChannelPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preferences", verbose_name=_("用户")
    )
    kind = models.CharField(_("消息类型"), max_length=30, choices=MessageKind.choices)
    email = models.CharField(_("电子邮件"), max_length=10, choices=EmailMode.choices, default=EmailMode.INSTANT)
    webhook = models.BooleanField(_("推送到单位群机器人"), default=True)

    class Meta:
        verbose_name = _("通知渠道设置")
        verbose_name_plural = _("通知渠道设置")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="channelpreference_unique_user_kind"),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(NEVER_DIGESTED), email=EmailMode.DIGEST),
                name="channelpreference_escalation_not_digested",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"
