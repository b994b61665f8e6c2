import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

app = Celery("core")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def database_job(*, name: str, time_limit: int = 120, retry_backoff_max: int = 30):
    """shared_task with what every job that works in the database needs: acknowledged only once
    done and given back if the worker dies, a time limit, and a few retries with backoff and jitter
    when the database fails (a job may run twice: each one is written to be safe to)."""
    from celery import shared_task
    from django.db import DatabaseError

    return shared_task(
        name=name, acks_late=True, reject_on_worker_lost=True, time_limit=time_limit,
        soft_time_limit=time_limit * 3 // 4, autoretry_for=(DatabaseError,), retry_backoff=5,
        retry_backoff_max=retry_backoff_max, retry_jitter=True, max_retries=3,
    )
