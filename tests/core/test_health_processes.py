"""/readyz against real parts, each stopped in turn: a private redis-server as the broker, a real
Celery worker and a real celery beat on the database schedule. Stopping beat shows only after
five minutes; the test stops it, then moves its records back as the minutes would."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.health.models import Heartbeat
from core.health.watch import INCIDENT_KIND
from core.incidents.models import Incident, IncidentStatus
from tests.notifications.reliability.conftest import control, live, mailbox, redis_server, workers  # noqa: F401
from tests.notifications.reliability.processes import Beat, process_env, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SWEEP = "通知：提醒、督办与补发（每分钟）"


def _readyz(client):
    response = client.get("/readyz")
    return response.status_code, response.json()


def _failing(body) -> set:
    return {name for name, check in body["checks"].items() if not check["ok"]}


def _wait_until_ready(client, worker, timeout=60):
    last = {}

    def ready():
        status, last["body"] = _readyz(client)
        return status == 200

    try:
        wait_for(ready, timeout=timeout, what="readyz to answer 200", every=1)
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {last.get('body')}\n{worker.log()[-3000:]}") from None


def test_readyz_and_the_alarm_with_each_dependency_stopped_in_turn(
        client, tmp_path, redis_server, workers, mailbox, control, django_user_model):  # noqa: F811
    root = django_user_model.objects.create_superuser(username="root", password="x-Secret-123", email="root@edu.example.cn")
    # The schedule was written a while ago (a migrate), so beat sends the every-minute tasks at once.
    PeriodicTask.objects.update(date_changed=timezone.now() - datetime.timedelta(minutes=2))
    worker = workers()
    beat = Beat(tmp_path, env=process_env(broker_url=redis_server.url, broker_options=settings.REDIS_TRANSPORT_OPTIONS,
                                          mailbox=mailbox.path, control=control)).start()
    try:
        # Beat sends each every-minute task at once on start; the worker's completion is the heartbeat.
        wait_for(lambda: Heartbeat.objects.filter(periodic_task_name=SWEEP).exists(), timeout=90,
                 what=f"the worker to finish beat's first sweep\n{beat.log()[-2000:]}")
        status, body = _readyz(client)
        assert (status, body["status"], _failing(body)) == (200, "ok", set()), body
        assert body["checks"]["workers"]["answered"] == 1

        # beat stops; five minutes and more pass with nothing sent and nothing done.
        beat.stop()
        ago = timezone.now() - datetime.timedelta(minutes=7)
        PeriodicTask.objects.filter(last_run_at__isnull=False).update(last_run_at=ago)
        PeriodicTask.objects.update(date_changed=ago)
        Heartbeat.objects.update(last_done_at=ago)
        status, body = _readyz(client)
        assert (status, _failing(body)) == (503, {"beat", "jobs"}), body
        assert SWEEP in [late["name"] for late in body["checks"]["beat"]["late"]]
        incident = Incident.objects.get(kind=INCIDENT_KIND, status=IncidentStatus.OPEN)
        assert [m.to for m in mail.outbox] == [["root@edu.example.cn"]]
        client.force_login(root)
        assert 'id="background-stopped"' in client.get(reverse("admin:index")).content.decode()

        # beat comes back: the sweep runs again, readyz is ready and the incident resolves itself.
        beat.start()
        wait_for(lambda: Heartbeat.objects.get(periodic_task_name=SWEEP).last_done_at > ago, timeout=90,
                 what="the sweep after beat's restart")
        _wait_until_ready(client, worker)
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.RESOLVED

        # The worker stops: nobody answers the ping, at once.
        worker.stop()
        status, body = _readyz(client)
        assert (status, _failing(body)) == (503, {"workers"}), body
        assert body["checks"]["workers"] == {"ok": False, "answered": 0}

        # The broker stops: readyz says so (and so no worker can be reached), without its URL.
        redis_server.stop()
        status, body = _readyz(client)
        assert status == 503 and {"broker", "workers"} <= _failing(body), body
        assert str(redis_server.port) not in str(body)
    finally:
        beat.stop()
