from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarSource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", _("chinesecalendar 软件包（国务院放假安排）")
    ADMIN = "admin", _("管理员录入")
    NOTICE = "notice", _("国务院放假通知（管理员粘贴）")
    TEST = "test", _("测试日历（周一至周五上班）")


class CalendarYear(models.Model):
    """A year whose every day is in CalendarDay. A year without this row is not covered."""

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    source = models.CharField(_("来源"), max_length=20, choices=CalendarSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}"


class CalendarDay(models.Model):
    """One day of a covered year: whether it is a working day, and why (holiday or 调休 name)."""

    date = models.DateField(_("日期"), unique=True)
    # Always date.year: lets a day exist only inside a covered year, and the admin filter by year.
    year = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", db_column="year", verbose_name=_("年度")
    )
    is_working = models.BooleanField(_("工作日"))
    note = models.CharField(_("说明"), max_length=50, blank=True, help_text=_("如“国庆节”“调休上班（国庆节）”"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更正人"),
    )
    updated_at = models.DateTimeField(_("更正时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历日期")
        verbose_name_plural = _("日历日期")
        ordering = ["date"]
        indexes = [
            # The counting queries: working days after/before a date, in date order.
            models.Index(fields=["date"], condition=models.Q(is_working=True), name="workcalendar_working_idx"),
        ]

    def __str__(self):
        return self.date.isoformat()
