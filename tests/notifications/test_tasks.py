"""Celery tasks in-process, publishing after commit, and the beat registration."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_celery_beat.models import PeriodicTask

from core.incidents.registry import get_retry_handler
from notifications import kinds
from notifications import tasks
from notifications.api import notify
from notifications.beat import PERIODIC_TASK_NAME, ensure_sweep_schedule
from notifications.delivering import INCIDENT_KIND
from notifications.incidents import retry_failed_delivery
from notifications.models import Delivery, DeliveryState, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(email="sun@example.cn")


def test_publishing_waits_for_the_commit_and_a_rollback_publishes_nothing(
    user, published_capture, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            notify(key="a", recipient=user, kind=kinds.INFO)
            assert published_capture == []
    assert len(callbacks) == 1 and published_capture == [([Delivery.objects.get().pk], None)]
    assert Notification.objects.get().state == "published"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(key="b", recipient=user, kind=kinds.INFO)
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert callbacks == [] and Notification.objects.filter(key="b").count() == 0


def test_the_deliver_task_sends_and_a_repeat_does_nothing(user):
    notify(key="a", recipient=user, kind=kinds.INFO)
    delivery = Delivery.objects.get()
    assert tasks.deliver.apply(args=[[delivery.pk]]).get() == {"sent": 1, "retry": 0, "failed": 0}
    assert tasks.deliver.apply(args=[[delivery.pk]]).get() == {"sent": 0, "retry": 0, "failed": 0}
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT


def test_the_sweep_task_takes_now_as_an_iso_string(published_capture):
    result = tasks.sweep.apply(kwargs={"now": "2021-09-28T09:00:00+08:00"}).get()
    assert result["due"] == 0


def test_task_options_follow_the_design():
    for task in (tasks.deliver, tasks.sweep):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.time_limit and task.soft_time_limit < task.time_limit
        assert task.retry_backoff and task.retry_jitter and task.max_retries
    from django.conf import settings

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST


def test_the_retry_handler_is_registered():
    assert get_retry_handler(INCIDENT_KIND) is retry_failed_delivery


def test_the_sweep_is_a_beat_task_every_minute_registered_idempotently():
    ensure_sweep_schedule()
    call_command("migrate", "notifications", verbosity=0)  # post_migrate runs it again
    (task,) = PeriodicTask.objects.filter(name=PERIODIC_TASK_NAME)
    assert task.task == "notifications.sweep" and task.enabled
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    assert task.expire_seconds == 55
