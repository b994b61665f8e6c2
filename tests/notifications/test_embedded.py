"""Embedded mode (`make run` without Redis): kombu's filesystem broker in a folder, a real worker,
the same reminders and messages as with Redis. Runs on PostgreSQL in the main pass and on the
SQLite file database in the SQLite pass."""

import datetime

import pytest
from django.utils import timezone

from core.calendar import install_test_calendar
from notifications.api import notify, schedule
from notifications.models import Delivery, DeliveryState, ReminderPolicy
from notifications.sweep import sweep
from tests.factories import OrganisationFactory, UserFactory
from tests.notifications.reliability.conftest import broker
from tests.notifications.reliability.processes import Worker, wait_for
from workflows.engine import message_kinds as engine_kinds

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def filesystem_broker(folder):
    options = {}
    for name in ("out", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    options.update(
        data_folder_in=str(folder / "out"), data_folder_out=str(folder / "out"),
        data_folder_processed=str(folder / "processed"), control_folder=str(folder / "control"),
    )
    return "filesystem://", options


def run_embedded(tmp_path):
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    url, options = filesystem_broker(tmp_path / "broker")
    mailbox, control = tmp_path / "mailbox.jsonl", tmp_path / "control"
    control.mkdir()
    worker = Worker(tmp_path, broker_url=url, broker_options=options, mailbox=mailbox, control=control)
    from tests.notifications.mailbox import read_mailbox

    with broker(url, options):
        worker.start()
        try:
            person = UserFactory(email="embedded@example.cn")
            policy = ReminderPolicy.objects.create(code="embedded", name="内嵌模式")
            school = OrganisationFactory.school()
            schedule(key="task:1:reminder:0", due_at=timezone.now() - datetime.timedelta(minutes=1), recipient=person,
                     policy=policy, target=school, params={"title": "内嵌模式提醒"})
            notify(key="task:1:opened", recipient=person, kind=engine_kinds.TASK_ASSIGNED, params={"title": "新待办"})
            assert sweep(now=timezone.now()).sent == 1  # what beat's every-minute task does
            wait_for(lambda: len(read_mailbox(mailbox)) >= 2, timeout=90, what="two emails through the filesystem broker")
            assert sorted(m["key"] for m in read_mailbox(mailbox)) == [
                "task:1:opened:email", f"task:1:reminder:0:u{person.pk}:email"
            ]
            wait_for(lambda: not Delivery.objects.exclude(state=DeliveryState.SENT).exists(), timeout=30,
                     what="both deliveries recorded")
        finally:
            worker.stop()


def test_embedded_mode_on_this_database(tmp_path, on_postgres):
    run_embedded(tmp_path)


@pytest.mark.sqlite
def test_embedded_mode_on_sqlite(tmp_path, on_sqlite):
    run_embedded(tmp_path)
