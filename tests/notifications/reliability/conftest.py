"""Fixtures of the reliability suite: a private Redis, real workers, a mailbox file, the
in-process Celery app pointed at the same broker, and a calendar the worker processes can use."""

import contextlib
import datetime
import shutil

import pytest
from django.conf import settings
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.conftest import need
from tests.notifications.mailbox import read_mailbox
from tests.notifications.reliability.processes import RedisServer, Worker


@contextlib.contextmanager
def broker(url: str, options: dict):
    """Publish from this process to `url` (the Celery app caches its connection pools: reset them)."""
    from core.celery import app

    def reset():
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    saved = (app.conf.broker_url, app.conf.broker_transport_options)
    reset()
    app.conf.broker_url, app.conf.broker_transport_options = url, options
    try:
        yield
    finally:
        reset()
        app.conf.broker_url, app.conf.broker_transport_options = saved


@pytest.fixture
def live(transactional_db, on_postgres):
    """Committed data the worker processes can see, and this year's and next year's calendar."""
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])


@pytest.fixture
def redis_server(tmp_path, live):
    need(shutil.which("redis-server") is not None and shutil.which("redis-cli") is not None,
         "redis-server and redis-cli are not installed")
    server = RedisServer(tmp_path)
    server.start()
    try:
        with broker(server.url, settings.REDIS_TRANSPORT_OPTIONS):
            yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox(tmp_path):
    path = tmp_path / "mailbox.jsonl"

    class Mailbox:
        def read(self):
            return read_mailbox(path)

        def __len__(self):
            return len(self.read())

    box = Mailbox()
    box.path = path
    return box


@pytest.fixture
def control(tmp_path):
    path = tmp_path / "control"
    path.mkdir()
    return path


@pytest.fixture
def workers(tmp_path, redis_server, mailbox, control):
    """start() → a running worker on the private Redis; all are stopped at the end."""
    started = []

    def start(**options):
        worker = Worker(tmp_path, broker_url=redis_server.url, broker_options=settings.REDIS_TRANSPORT_OPTIONS,
                        mailbox=mailbox.path, control=control, **options)
        started.append(worker)
        return worker.start()

    yield start
    (control / "release").write_text("")
    for worker in started:
        worker.stop()


def later(delta: datetime.timedelta) -> datetime.datetime:
    """A sweep's `now` this far ahead: the sweep takes `now` as an argument, so a test can act as the
    sweep a few minutes from now without waiting for them."""
    return timezone.now() + delta + datetime.timedelta(seconds=1)
