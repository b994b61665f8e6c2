"""An organisation's group robot (WeCom or DingTalk style): messages to its people are posted
there as JSON, with the delivery key as the `Idempotency-Key` header."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WebhookFlavour(models.TextChoices):
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")
    GENERIC = "generic", _("通用 JSON")


class WebhookEndpoint(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="webhook", verbose_name=_("组织")
    )
    flavour = models.CharField(_("类型"), max_length=20, choices=WebhookFlavour.choices, default=WebhookFlavour.WECOM)
    url = models.URLField(_("地址"), max_length=500)
    secret = models.CharField(
        _("加签密钥"), max_length=200, blank=True, help_text=_("钉钉机器人开启“加签”时填写；其他类型留空")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")

    def __str__(self):
        return f"{self.organisation} · {self.get_flavour_display()}"

    def clean(self):
        try:
            URLValidator(schemes=["http", "https"])(self.url or "")
        except ValidationError:
            raise ValidationError({"url": _("请输入以 http:// 或 https:// 开头的有效地址。")}) from None
        if self.secret and self.flavour != WebhookFlavour.DINGTALK:
            raise ValidationError({"secret": _("只有钉钉机器人需要加签密钥。")})
