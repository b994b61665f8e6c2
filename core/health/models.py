from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a worker finished a job that beat sent for one periodic task.

    django-celery-beat's `last_run_at` says when beat *sent* a job; only this says a worker also
    *did* it, so a schedule that beat keeps sending into a queue nobody reads is noticed too."""

    periodic_task_name = models.CharField(_("定时任务"), max_length=200, unique=True)
    task = models.CharField(_("任务"), max_length=200)
    last_done_at = models.DateTimeField(_("最近完成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("定时任务心跳")
        verbose_name_plural = _("定时任务心跳")

    def __str__(self):
        return f"{self.periodic_task_name} @ {self.last_done_at:%Y-%m-%d %H:%M:%S}"
