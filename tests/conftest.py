"""Suite-wide fixtures and the rule that a missing service fails under CI instead of skipping."""

import os

import pytest
from django.db import connection
from django.utils import translation

IN_CI = os.environ.get("CI") == "true"


def need(condition: bool, why: str):
    """Skip a test whose service is missing, except under CI=true, where that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required service missing under CI: {why}")
    pytest.skip(why)


def pytest_collection_modifyitems(config, items):
    vendor = connection.vendor
    for item in items:
        if "sqlite" in item.keywords and vendor != "sqlite":
            item.add_marker(pytest.mark.skip(reason="SQLite-only test: runs in make test's SQLite pass"))


@pytest.fixture(autouse=True)
def _back_to_default_language():
    """LocaleMiddleware activates each request's language and never deactivates it, so one test
    client request in English would leave every later test in the thread in English."""
    yield
    translation.deactivate()


@pytest.fixture
def on_postgres():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")


@pytest.fixture
def on_sqlite():
    need(connection.vendor == "sqlite", "runs on SQLite only")
