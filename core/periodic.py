"""Entries in django-celery-beat's schedule that the apps write for themselves, idempotently
(typically from post_migrate, which also runs after a test flush)."""

from django.db import DEFAULT_DB_ALIAS


def ensure_every_minute(*, name: str, task: str, using: str = DEFAULT_DB_ALIAS, expire_seconds: int = 55):
    """The enabled periodic task `name` running `task` every minute, created or put back as such.

    `expire_seconds`: a message that waited longer (the worker was busy) is dropped, since the
    next minute's run does the same work.
    """
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    schedules = IntervalSchedule.objects.using(using)
    every_minute = (
        schedules.filter(every=1, period=IntervalSchedule.MINUTES).order_by("pk").first()
        or schedules.create(every=1, period=IntervalSchedule.MINUTES)
    )
    entry, _created = PeriodicTask.objects.using(using).update_or_create(
        name=name,
        defaults={"task": task, "interval": every_minute, "crontab": None, "enabled": True,
                  "expire_seconds": expire_seconds},
    )
    return entry


def ensure_daily(*, name: str, task: str, hour: int, minute: int = 0, using: str = DEFAULT_DB_ALIAS):
    """The enabled periodic task `name` running `task` once a day at hour:minute (TIME_ZONE),
    created or put back as such."""
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab, _created = CrontabSchedule.objects.using(using).get_or_create(
        minute=str(minute), hour=str(hour), day_of_week="*", day_of_month="*", month_of_year="*",
        timezone=settings.TIME_ZONE)
    entry, _created = PeriodicTask.objects.using(using).update_or_create(
        name=name, defaults={"task": task, "interval": None, "crontab": crontab, "enabled": True})
    return entry
