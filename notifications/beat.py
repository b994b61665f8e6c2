"""The sweep's place in django-celery-beat's schedule: every minute, registered after every
migrate (and after a test flush, which also sends post_migrate), idempotently."""

from django.db import DEFAULT_DB_ALIAS

SWEEP_TASK_NAME = "notifications.sweep"
PERIODIC_TASK_NAME = "通知：提醒、督办与补发（每分钟）"


def ensure_sweep_schedule(*, using: str = DEFAULT_DB_ALIAS):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_minute = (
        IntervalSchedule.objects.using(using).filter(every=1, period=IntervalSchedule.MINUTES).order_by("pk").first()
        or IntervalSchedule.objects.using(using).create(every=1, period=IntervalSchedule.MINUTES)
    )
    task, _created = PeriodicTask.objects.using(using).update_or_create(
        name=PERIODIC_TASK_NAME,
        defaults={
            "task": SWEEP_TASK_NAME,
            "interval": every_minute,
            "crontab": None,
            "enabled": True,
            # A sweep message that waited longer than a minute is replaced by the next one.
            "expire_seconds": 55,
        },
    )
    return task


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    ensure_sweep_schedule(using=using)
