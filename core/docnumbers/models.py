from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1980
MAX_YEAR = 2100
MAX_NUMBER = 99999


def format_doc_number(prefix: str, year: int, number: int) -> str:
    """沈教发〔2021〕1号: full year in 〔〕, no leading zeros, no 第."""
    return f"{prefix}〔{year}〕{number}号"


class DocumentType(models.Model):
    """Which prefix (agency code) a kind of document uses: data the 办公室 edits, not code."""

    code = models.SlugField(_("代码"), max_length=40, unique=True, help_text=_("程序中引用的代码，如 decision"))
    name = models.CharField(_("名称"), max_length=60)
    prefix = models.CharField(_("文号前缀"), max_length=20, help_text=_("机关代字，如 沈教发"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("公文类型")
        verbose_name_plural = _("公文类型")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.prefix}）"


class NumberCounter(models.Model):
    """The next number to issue for one prefix and year. Issuing locks this row."""

    prefix = models.CharField(_("文号前缀"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年份"))
    next_number = models.PositiveIntegerField(_("下一个号"), default=1)

    class Meta:
        verbose_name = _("文号计数器")
        verbose_name_plural = _("文号计数器")
        ordering = ["prefix", "-year"]
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="docnumber_counter_unique")]

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕→ {self.next_number}"


class Origin(models.TextChoices):
    ISSUED = "issued", _("系统发号")
    EXTERNAL = "external", _("外部登记")
    UNUSED = "unused", _("未使用")  # voided before any document carried it


class DocNumber(models.Model):
    """One entry of the register: every number that exists, however it came to exist.

    A number in the register is never issued again, voided or not.
    """

    prefix = models.CharField(_("文号前缀"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveIntegerField(_("序号"))
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices)
    title = models.CharField(_("文件标题"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("登记人"),
    )
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("作废人"),
    )
    void_reason = models.TextField(_("作废原因"), blank=True)

    class Meta:
        verbose_name = _("文号")
        verbose_name_plural = _("文号登记簿")
        ordering = ["prefix", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year", "number"], name="docnumber_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="docnumber_positive"),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return format_doc_number(self.prefix, self.year, self.number)

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None
