"""Fixtures of the export tests: a district with three items waiting and another district's one."""

import contextlib
import io

import pytest
from openpyxl import load_workbook

from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.web.conftest import city, submitted_item  # noqa: F401

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows_of(response, sheet=0) -> list[list]:
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return rows_in(data, sheet)


def rows_in(data: bytes, sheet=0) -> list[list]:
    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


@pytest.fixture
def items(city):  # noqa: F811
    """Three items of 和平一校 waiting for 和平区, one of 沈河一校 waiting for 沈河区."""
    ours = [submitted_item(city, title=f"和平一校申报{n}") for n in range(3)]
    theirs = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b,
                           title="沈河一校申报")
    sample_submit(item=theirs, by=city.head_b)
    return ours, theirs


def fresh_publishing() -> None:
    """New producer and connection pools for the Celery app. kombu keeps one global pool per
    broker URL and the app caches it; the reliability suite's `broker` closes it under both (its
    force_close_all), so a later publish to the same URL meets "Acquire on closed pool"."""
    from celery import current_app
    from kombu import pools

    pools.reset()
    current_app._pool = None
    current_app.amqp._producer_pool = None


@contextlib.contextmanager
def publishing_to(url: str, options: dict):
    """Publish to `url` for the block, then to the test broker again with fresh pools."""
    from tests.notifications.reliability.conftest import broker

    try:
        with broker(url, options):
            yield
    finally:
        fresh_publishing()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
