"""Each person chooses, per kind of message, how email reaches them and whether their group robot
hears about it. Without a row the kind's defaults apply (notifications.kinds; email at once and the
group robot on unless its sender registered otherwise). The inbox always shows everything."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.kinds import ESCALATION, KIND_MAX_LENGTH, EmailMode, check_kind, kind_label

# Kinds that the database itself refuses to hold for the digest: escalations, notifications' own
# kind (the sweep writes them). Other kinds registered with digest_allowed=False are refused by
# set_channel_preference and never held by routing, which both ask the registry.
NEVER_DIGESTED_IN_DB = (ESCALATION,)


class ChannelPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preferences", verbose_name=_("用户")
    )
    kind = models.CharField(_("消息类型"), max_length=KIND_MAX_LENGTH, validators=[check_kind])
    email = models.CharField(_("电子邮件"), max_length=10, choices=EmailMode.choices, default=EmailMode.INSTANT)
    webhook = models.BooleanField(_("推送到单位群机器人"), default=True)

    class Meta:
        verbose_name = _("通知渠道设置")
        verbose_name_plural = _("通知渠道设置")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="channelpreference_unique_user_kind"),
            models.CheckConstraint(
                condition=~Q(kind__in=list(NEVER_DIGESTED_IN_DB), email=EmailMode.DIGEST),
                name="channelpreference_escalation_not_digested",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {kind_label(self.kind)}"
