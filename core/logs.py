"""Logs: one request id from the web request into the Celery jobs it starts, JSON on request
(LOG_FORMAT=json), and every time stamp in TIME_ZONE's offset (+08:00), whatever the process.

- RequestIdMiddleware takes the proxy's X-Request-ID when it is a plain token (else makes one),
  answers with it, and keeps it for the request's logs.
- Publishing a job copies it into the message's headers; the worker takes it back for the job's
  logs (celery signals, connected in core/celery.py).
"""

import contextvars
import datetime
import json
import logging
import re
import uuid
from zoneinfo import ZoneInfo

request_id = contextvars.ContextVar("request_id", default="")
HEADER = "X-Request-ID"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request.request_id = given if _ACCEPTED.match(given) else new_request_id()
        token = request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


def _local_time(record) -> str:
    from django.conf import settings

    moment = datetime.datetime.fromtimestamp(record.created, tz=ZoneInfo(settings.TIME_ZONE))
    return moment.isoformat(timespec="milliseconds")


class LocalTimeFormatter(logging.Formatter):
    """Text lines stamped like 2026-12-05T08:00:00.000+08:00 in every process."""

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's name
        return _local_time(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (+08:00), level, logger, message, request_id, exception."""

    def format(self, record):
        entry = {"time": _local_time(record), "level": record.levelname, "logger": record.name,
                 "message": record.getMessage(), "request_id": getattr(record, "request_id", "") or request_id.get()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# --- Celery: the id travels in the message headers --------------------------------------------

def add_request_id_to_message(headers=None, **kwargs):
    """before_task_publish: the publishing request's id goes along (nothing outside a request)."""
    current = request_id.get()
    if current and headers is not None and "request_id" not in headers:
        headers["request_id"] = current


def take_request_id_from_message(task=None, **kwargs):
    """task_prerun: the job logs under its request's id (a periodic job under none)."""
    request_id.set(getattr(task.request, "request_id", None) or "")


def log_setup_for_celery(logger=None, **kwargs):
    """after_setup_logger / after_setup_task_logger: Celery's own handlers get the request id and
    the same formatter as the web process."""
    from django.conf import settings

    formatter = JsonFormatter() if settings.LOG_FORMAT == "json" else LocalTimeFormatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    for handler in logger.handlers:
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(formatter)
