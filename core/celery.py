import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

app = Celery("core")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _connect_log_signals():
    from celery import signals

    from core import logs

    signals.before_task_publish.connect(logs.add_request_id_to_message, weak=False, dispatch_uid="logs.publish")
    signals.task_prerun.connect(logs.take_request_id_from_message, weak=False, dispatch_uid="logs.prerun")
    signals.after_setup_logger.connect(logs.log_setup_for_celery, weak=False, dispatch_uid="logs.setup")
    signals.after_setup_task_logger.connect(logs.log_setup_for_celery, weak=False, dispatch_uid="logs.task_setup")


_connect_log_signals()


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
