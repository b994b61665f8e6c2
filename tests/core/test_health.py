"""/healthz, /readyz and the background watch, in process (the real worker, beat and a private
Redis stopped in turn are in test_health_processes.py)."""

import datetime
import json
import socket

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.health import probes
from core.health.models import Heartbeat
from core.health.watch import INCIDENT_KIND, Background, watch_background
from core.incidents.models import Incident, IncidentStatus
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def _all_ran(at):
    """Every enabled periodic task sent by beat and done by a worker at `at`."""
    for task in PeriodicTask.objects.filter(enabled=True):
        PeriodicTask.objects.filter(pk=task.pk).update(last_run_at=at, date_changed=at - datetime.timedelta(days=2))
        Heartbeat.objects.update_or_create(periodic_task_name=task.name, defaults={"task": task.task, "last_done_at": at})


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_migrated_schedule_is_fresh_at_once_and_late_after_its_run_plus_five_minutes():
    now = timezone.now()
    _all_ran(now)
    beat, jobs = probes.schedule(now=now + 5 * MINUTE)
    assert beat.ok and jobs.ok, (beat, jobs)
    assert beat.detail["tasks"] >= 3  # the sweep, deadlines and the daily ones at least
    beat, jobs = probes.schedule(now=now + 6 * MINUTE + datetime.timedelta(seconds=5))
    late = {entry["task"] for entry in beat.detail["late"]}
    assert "notifications.sweep" in late and not beat.ok and not jobs.ok
    assert beat.detail["missed"] == []  # a daily task is not due again six minutes after its run


def test_a_missed_daily_run_is_listed_but_fails_nothing():
    now = timezone.now()
    _all_ran(now)
    daily = PeriodicTask.objects.filter(enabled=True, crontab__isnull=False).order_by("name").first()
    PeriodicTask.objects.filter(pk=daily.pk).update(last_run_at=now - datetime.timedelta(days=2))
    beat, jobs = probes.schedule(now=now)
    assert beat.ok and jobs.ok
    assert [entry["name"] for entry in beat.detail["missed"]] == [daily.name]


def test_jobs_beat_sent_but_no_worker_did_are_late_on_their_own():
    now = timezone.now()
    _all_ran(now)
    Heartbeat.objects.filter(task="notifications.sweep").update(last_done_at=now - 7 * MINUTE)
    beat, jobs = probes.schedule(now=now)
    assert beat.ok
    assert not jobs.ok and [e["task"] for e in jobs.detail["late"]] == ["notifications.sweep"]


@pytest.fixture
def administrators():
    bureau = OrganisationFactory(kind="bureau", code="SYJYJ-H")
    admin = UserFactory(username="sysadmin", email="admin@edu.example.cn")
    grant(admin, Role.ADMIN, bureau)
    root = UserFactory(username="root", email="root@edu.example.cn", is_superuser=True, is_staff=True)
    UserFactory(username="teacher", email="teacher@edu.example.cn")
    UserFactory(username="former", email="former@edu.example.cn", is_superuser=True, is_active=False)
    return admin, root


def _stopped(now):
    beat, jobs = probes.schedule(now=now)
    return Background(workers=probes.Probe(False, {"answered": 0}), beat=beat, jobs=jobs)


def test_the_watch_raises_one_incident_emails_the_administrators_once_and_resolves_itself(administrators):
    now = timezone.now()
    _all_ran(now - 10 * MINUTE)
    incident = watch_background(background=_stopped(now))
    assert incident.kind == INCIDENT_KIND and incident.is_open
    assert "没有后台进程（Celery worker）响应 ping。" in incident.detail
    assert "通知：提醒、督办与补发（每分钟）" in incident.detail
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["admin@edu.example.cn", "root@edu.example.cn"]
    assert incident.title in mail.outbox[0].subject
    assert f"/admin/incidents/incident/{incident.pk}/change/" in mail.outbox[0].body

    again = watch_background(background=_stopped(now + MINUTE))
    assert again.pk == incident.pk and again.occurrences == 2
    assert len(mail.outbox) == 1  # one email per incident, not per look

    _all_ran(now)
    beat, jobs = probes.schedule(now=now)
    running = Background(workers=probes.Probe(True, {"answered": 1}), beat=beat, jobs=jobs)
    assert watch_background(background=running) is None
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RESOLVED and incident.resolved_by is None


def test_the_admin_home_shows_the_stopped_background_in_red(administrators, client):
    admin, root = administrators
    client.force_login(root)
    assert 'id="background-stopped"' not in client.get(reverse("admin:index")).content.decode()
    _all_ran(timezone.now() - 10 * MINUTE)
    incident = watch_background(background=_stopped(timezone.now()))
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="background-stopped"' in page
    warning = page[page.index('id="background-stopped"'):]
    assert '<li class="error">' in warning[:80]
    assert incident.title in warning and reverse("admin:incidents_incident_change", args=[incident.pk]) in warning


def test_the_command_fails_while_stopped_and_says_why(administrators):
    # In process the broker is memory://: no worker can answer, as when every worker is stopped.
    _all_ran(timezone.now())
    with pytest.raises(CommandError, match="没有后台进程"):
        call_command("watch_background")
    assert Incident.objects.filter(kind=INCIDENT_KIND, status=IncidentStatus.OPEN).count() == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_readyz_with_the_database_stopped_says_so_and_nothing_else(client, on_postgres, monkeypatch):
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", str(_free_port()))  # nothing listens there
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "a-secret-password")
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["broker"]["ok"] is True  # memory:// in process
    assert "a-secret-password" not in json.dumps(body) and "postgres" not in json.dumps(body)
