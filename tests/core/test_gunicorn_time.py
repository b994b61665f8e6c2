"""gunicorn's own log lines carry the site's time zone (+0800), as Django's, Celery's and the audit
log's do: the Procfile's web process reads gunicorn.conf.py, which loads the settings' TIME_ZONE
before the master logs anything. The machine itself runs on UTC."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_logs_in_the_sites_time_zone():
    procfile = (REPO / "Procfile").read_text()
    assert "--config gunicorn.conf.py" in procfile
    env = {**os.environ, "DEBUG": "true", "TZ": "UTC"}
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{free_port()}", "--workers", "1", "core.wsgi:application"],
        cwd=REPO, env=env, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = process.stderr.readline()
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert "Starting gunicorn" in first
    assert "+0800]" in first, first
