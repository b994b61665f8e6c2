"""`make run` itself: start web, worker and beat on the embedded defaults (SQLite, filesystem
broker), sign in over HTTP with a demo login, then Ctrl-C and check that all three stopped."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Demo@2026"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


# Its own waits add up to more than the default timeout (installing, migrating, starting three
# processes, stopping them), each bounded; the whole test is bounded above them.
@pytest.mark.timeout(900)
def test_make_run_serves_signs_in_and_stops_on_ctrl_c(tmp_path):
    port = _free_port()
    # As on a newcomer's laptop: none of the test run's settings leak into make run.
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "DEBUG")}
    env.update(VAR_DIR=str(tmp_path / "var"), BIND=f"127.0.0.1:{port}", DEMO_PASSWORD=DEMO_PASSWORD, WEB_CONCURRENCY="1", WORKER_CONCURRENCY="1")
    log = (tmp_path / "make-run.log").open("w+")
    proc = subprocess.Popen(["make", "run"], cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        def output():
            log.flush()
            return (tmp_path / "make-run.log").read_text(errors="replace")

        def web_up():
            if proc.poll() is not None:
                raise AssertionError("make run exited early:\n" + output()[-4000:])
            try:
                return urllib.request.urlopen(base + "/accounts/login/", timeout=2).status == 200
            except OSError:
                return False

        _wait_for(web_up, 300, "the web server")
        _wait_for(lambda: re.search(r"worker.*ready", output()) and "beat: Starting" in output(), 120, "worker and beat")
        assert "admin" in output() and DEMO_PASSWORD in output(), "make run prints the demo logins"

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(base + "/accounts/login/").read().decode()
        assert "登录" in page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "admin", "password": DEMO_PASSWORD}).encode()
        request = urllib.request.Request(base + "/accounts/login/", data=form, headers={"Referer": base + "/accounts/login/"})
        home = opener.open(request)
        assert home.url.rstrip("/") == base, f"signed in and redirected home, got {home.url}"
        assert "退出" in home.read().decode()
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    _wait_for(lambda: not _group_alive(proc.pid), 30, "web, worker and beat to stop")
