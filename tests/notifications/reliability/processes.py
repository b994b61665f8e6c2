"""Real processes for the reliability tests: a private redis-server and Celery workers."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

WORKER_SETTINGS = "tests.notifications.reliability.worker_settings"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, every: float = 0.1):
    """Poll until predicate() is true; fail the test with `what` if it never is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class RedisServer:
    """A redis-server of the test's own on a free port: no persistence, never the shared one."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=20, what="the private redis-server")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def ping(self) -> bool:
        return self.command("PING") == "PONG"

    def command(self, *args) -> str:
        """One command through redis-cli (no client library state to reset between restarts)."""
        result = subprocess.run(
            [shutil.which("redis-cli"), "-p", str(self.port), *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout.strip()


def process_env(*, broker_url: str, broker_options: dict, mailbox: Path, control: Path) -> dict:
    """The environment of a Celery process on the test database, broker and mailbox."""
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": WORKER_SETTINGS,
        "DATABASE_URL": database_url(),
        "TEST_BROKER_URL": broker_url,
        "TEST_BROKER_OPTIONS": json.dumps(broker_options),
        "TEST_MAILBOX": str(mailbox),
        "TEST_CONTROL_DIR": str(control),
        "PYTHONPATH": str(settings.BASE_DIR),
    }


class Worker:
    """A `celery worker` process on the test database, broker and mailbox."""

    count = 0

    def __init__(self, workdir: Path, *, broker_url: str, broker_options: dict, mailbox: Path, control: Path,
                 concurrency: int = 1):
        Worker.count += 1
        self.name = f"w{Worker.count}"
        self.log_path = workdir / f"{self.name}.log"
        self.env = process_env(broker_url=broker_url, broker_options=broker_options, mailbox=mailbox, control=control)
        self.concurrency = concurrency
        self.process = None

    def start(self):
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "core", "worker", "--pool", "prefork",
             "--concurrency", str(self.concurrency), "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel", "INFO", "-n", f"{self.name}@%h"],
            cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_for(lambda: self._alive() and " ready." in self.log(), timeout=60, what=f"worker {self.name} to start")
        return self

    def _alive(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited:\n{self.log()[-3000:]}")
        return True

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill_all(self):
        """SIGKILL the whole worker: the main process and its pool children, no goodbye."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # warm shutdown
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill_all()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # any orphaned pool child


class Beat:
    """A `celery beat` process with django-celery-beat's database schedule, on the test database."""

    def __init__(self, workdir: Path, *, env: dict):
        self.log_path = workdir / "beat.log"
        self.workdir = workdir
        self.env = env
        self.process = None

    def start(self):
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "core", "beat", "--loglevel", "INFO",
             "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler", "--pidfile", "",
             "--schedule", str(self.workdir / "beat-schedule")],
            cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
