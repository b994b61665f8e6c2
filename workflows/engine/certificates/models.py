"""The certificate of a tenure, and the gap-free counter of its numbers per programme and year."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificateState(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", _("已撤销")
    REPLACED = "replaced", _("已换发")


class CertificateCounter(models.Model):
    """The next number of a programme's certificates in a year; locked while one is issued."""

    series = models.CharField(_("证书系列"), max_length=50)
    year = models.PositiveSmallIntegerField(_("年份"))
    next_number = models.PositiveIntegerField(_("下一个号"), default=1)

    class Meta:
        verbose_name = _("证书编号计数")
        verbose_name_plural = _("证书编号计数")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="certificate_counter_unique")]


def certificate_path(instance, filename):
    return f"certificates/{instance.year}/{filename}"


class Certificate(models.Model):
    """What the PDF says, kept as issued (a renamed school keeps the name its certificate bears)."""

    tenure = models.OneToOneField("workflows.Tenure", on_delete=models.PROTECT, related_name="certificate",
                                  verbose_name=_("认定"))
    item = models.ForeignKey("workflows.Item", on_delete=models.PROTECT, related_name="certificates",
                             verbose_name=_("事项"))
    series = models.CharField(_("证书系列"), max_length=50)
    year = models.PositiveSmallIntegerField(_("年份"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("证书编号"), max_length=80, unique=True)
    holder = models.CharField(_("持证单位"), max_length=200)
    programme = models.CharField(_("认定项目"), max_length=200)
    title = models.CharField(_("名称"), max_length=200)
    issued_on = models.DateField(_("发证日期"))
    starts_on = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("有效期至"))
    # SHA-256 of the verification code (hex); the code itself is only in the PDF's QR and text.
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The code is recomputed from this salt (codes.code_of) to render the PDF after the act.
    code_salt = models.CharField(max_length=32, blank=True, editable=False)
    # Empty until rendered after the issuing act commits (workflows.engine.rendering).
    file = models.FileField(_("证书文件"), upload_to=certificate_path, max_length=255, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["series", "year", "sequence"],
                                               name="certificate_gap_free_number")]

    def __str__(self):
        return self.number

    def state_on(self, today: datetime.date) -> str:
        """The state the tenure gives it on `today` (the tenure loaded with it)."""
        from workflows.engine.tenure.models import TenureState

        tenure_state = self.tenure.state
        if tenure_state == TenureState.REVOKED:
            return CertificateState.REVOKED
        if tenure_state == TenureState.RENEWED:
            return CertificateState.REPLACED
        if tenure_state == TenureState.EXPIRED or self.tenure.valid_until < today:
            return CertificateState.EXPIRED
        return CertificateState.VALID

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return self.state_label(self.state)

    @staticmethod
    def state_label(state: str) -> str:
        return str(CertificateState(state).label)

    @property
    def file_name(self) -> str:
        return f"{self.number}.pdf"
