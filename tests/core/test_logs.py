"""Logs: the request id (X-Request-ID) on the response and on the request's log lines, JSON lines
with the +08:00 time, and the id carried into a Celery job a request starts (a real worker)."""

import json
import logging

import pytest
from django.test import override_settings

from core import logs
from tests.notifications.reliability.conftest import control, live, mailbox, redis_server, workers  # noqa: F401
from tests.notifications.reliability.processes import wait_for


def _record(message="审批通过"):
    return logging.LogRecord("workflows", logging.INFO, __file__, 1, message, (), None)


def test_a_request_gets_an_id_or_keeps_the_proxys(client):
    given = client.get("/healthz", headers={"X-Request-ID": "nginx-req-0001"})
    assert given["X-Request-ID"] == "nginx-req-0001"
    made = client.get("/healthz")
    assert len(made["X-Request-ID"]) == 32 and made["X-Request-ID"] != given["X-Request-ID"]
    # Anything else a client sends is not written into the logs: a fresh id replaces it.
    forged = client.get("/healthz", headers={"X-Request-ID": "x\n{\"level\": \"ERROR\"}"})
    assert "\n" not in forged["X-Request-ID"] and len(forged["X-Request-ID"]) == 32


def test_json_lines_have_the_local_offset_and_the_request_id():
    token = logs.request_id.set("req-12345678")
    try:
        record = _record()
        logs.RequestIdFilter().filter(record)
        line = json.loads(logs.JsonFormatter().format(record))
    finally:
        logs.request_id.reset(token)
    assert line["request_id"] == "req-12345678" and line["message"] == "审批通过"
    assert line["time"].endswith("+08:00") and line["level"] == "INFO" and line["logger"] == "workflows"
    text = logs.LocalTimeFormatter("%(asctime)s [%(request_id)s] %(message)s").format(record)
    assert "+08:00 [req-12345678] 审批通过" in text


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_request_id_follows_into_the_job_it_starts(monkeypatch, workers, redis_server):  # noqa: F811
    from notifications.tasks import sweep

    monkeypatch.setenv("LOG_FORMAT", "json")
    worker = workers()
    token = logs.request_id.set("req-follow-0001")
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
            sweep.delay()
    finally:
        logs.request_id.reset(token)

    def traced():
        for line in worker.log().splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry["request_id"] == "req-follow-0001" and "succeeded" in entry["message"]:
                    return entry
        return None

    entry = wait_for(traced, timeout=60, what=f"the job's log line with the request id\n{worker.log()[-2000:]}")
    assert entry["time"].endswith("+08:00")
