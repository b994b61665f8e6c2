"""Test helpers for the audit log: tampering past the triggers, as an attacker with SQL would,
and reaching the test database from another process."""

from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.audit.triggers import EXPECTED, install_triggers


def drop_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Altering a table refuses while the test's own inserts have FK checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name in EXPECTED[connection.vendor]:
            on_table = f" ON {table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")


@contextmanager
def triggers_dropped():
    drop_triggers()
    try:
        yield
    finally:
        install_triggers(connection)


def tamper(sql: str, params=()):
    with triggers_dropped(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_fails() -> str:
    """audit_verify's error message; it must fail."""
    with pytest.raises(CommandError) as caught:
        call_command("audit_verify")
    return str(caught.value)


# Parametrise a test over both databases; `make test` runs each half in its own pass.
VENDORS = [pytest.param("postgresql", id="postgresql"), pytest.param("sqlite", id="sqlite", marks=pytest.mark.sqlite)]


def database_url() -> str:
    """DATABASE_URL for a subprocess to use the (test) database this process is using."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
