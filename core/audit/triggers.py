"""Database triggers that make the audit log append-only, on PostgreSQL and SQLite.

Events: UPDATE, DELETE and TRUNCATE are refused. Chain heads: DELETE and TRUNCATE are refused, and
an UPDATE must advance the head by exactly one event (record_event's only update). Both
refusals raise django.db.IntegrityError with a message that says what was refused.

install_triggers() runs after every migrate (apps.py connects it to post_migrate), because a
migration may rebuild a table (SQLite does for most ALTERs) and lose its triggers; it is
idempotent. missing_triggers() reports what is absent or disabled; a system check uses it.

The test-only way past the triggers, for test teardown that empties tables, is
settings.AUDIT_ALLOW_TEST_FLUSH (True only in tests/settings.py):
- PostgreSQL: Django's flush uses TRUNCATE. A connection_created handler sets the session setting
  audit.allow_test_flush=on, and only TRUNCATE honours it; row DELETE stays refused even in tests.
- SQLite: flush uses DELETE. Every connection gets an SQL function audit_allow_test_flush() that
  returns the setting; the DELETE triggers let rows go only when it returns 1. A connection
  without the function (the sqlite3 shell) fails on "no such function", which also refuses.
The triggers guard against mistakes and casual edits; someone who can drop triggers can also
edit rows, which is what the HMAC chain and audit_verify detect.
"""

from django.conf import settings
from django.db import transaction

EVENT_TABLE = "audit_auditevent"
HEAD_TABLE = "audit_auditchainhead"
PG_FLUSH_SETTING = "audit.allow_test_flush"
SQLITE_FLUSH_FUNCTION = "audit_allow_test_flush"

# (table, trigger name) pairs that must exist, per database vendor.
EXPECTED = {
    "postgresql": [
        (EVENT_TABLE, "audit_event_refuse_update_delete"),
        (EVENT_TABLE, "audit_event_refuse_truncate"),
        (HEAD_TABLE, "audit_head_refuse_delete"),
        (HEAD_TABLE, "audit_head_refuse_truncate"),
        (HEAD_TABLE, "audit_head_advance_only"),
    ],
    "sqlite": [
        (EVENT_TABLE, "audit_event_refuse_update"),
        (EVENT_TABLE, "audit_event_refuse_delete"),
        (HEAD_TABLE, "audit_head_refuse_delete"),
        (HEAD_TABLE, "audit_head_advance_only"),
    ],
}

_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('{PG_FLUSH_SETTING}', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE OR REPLACE FUNCTION audit_head_advance_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.last_seq <> OLD.last_seq + 1 OR NEW.content_type_id <> OLD.content_type_id
       OR NEW.object_id <> OLD.object_id THEN
        RAISE EXCEPTION 'audit log is append-only: % may only advance by one event', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
"""

# name: (table, when, level, function)
_PG_TRIGGERS = {
    "audit_event_refuse_update_delete": (EVENT_TABLE, "BEFORE UPDATE OR DELETE", "ROW", "audit_refuse_change"),
    "audit_event_refuse_truncate": (EVENT_TABLE, "BEFORE TRUNCATE", "STATEMENT", "audit_refuse_change"),
    "audit_head_refuse_delete": (HEAD_TABLE, "BEFORE DELETE", "ROW", "audit_refuse_change"),
    "audit_head_refuse_truncate": (HEAD_TABLE, "BEFORE TRUNCATE", "STATEMENT", "audit_refuse_change"),
    "audit_head_advance_only": (HEAD_TABLE, "BEFORE UPDATE", "ROW", "audit_head_advance_only"),
}


def _sqlite_refusal(op: str, table: str) -> str:
    return f"SELECT RAISE(ABORT, 'audit log is append-only: {op} on {table} refused');"


_SQLITE_TRIGGERS = {
    "audit_event_refuse_update": f"BEFORE UPDATE ON {EVENT_TABLE} "
    f"BEGIN {_sqlite_refusal('UPDATE', EVENT_TABLE)} END",
    "audit_event_refuse_delete": f"BEFORE DELETE ON {EVENT_TABLE} WHEN NOT {SQLITE_FLUSH_FUNCTION}() "
    f"BEGIN {_sqlite_refusal('DELETE', EVENT_TABLE)} END",
    "audit_head_refuse_delete": f"BEFORE DELETE ON {HEAD_TABLE} WHEN NOT {SQLITE_FLUSH_FUNCTION}() "
    f"BEGIN {_sqlite_refusal('DELETE', HEAD_TABLE)} END",
    "audit_head_advance_only": f"BEFORE UPDATE ON {HEAD_TABLE} "
    "WHEN NEW.last_seq <> OLD.last_seq + 1 OR NEW.content_type_id <> OLD.content_type_id "
    "OR NEW.object_id <> OLD.object_id "
    f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only: {HEAD_TABLE} may only advance by one event'); END",
}


def supported(connection) -> bool:
    return connection.vendor in EXPECTED


def tables_exist(connection) -> bool:
    return {EVENT_TABLE, HEAD_TABLE} <= set(connection.introspection.table_names())


def install_triggers(connection) -> None:
    """Create (or re-create) every trigger; safe to run any number of times."""
    if not supported(connection) or not tables_exist(connection):
        return
    # One transaction, so that there is no moment without a trigger.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTIONS)
            for name, (table, when, level, function) in _PG_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH {level} EXECUTE FUNCTION {function}()")
        else:
            for name, body in _SQLITE_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {body}")


def missing_triggers(connection) -> list[str]:
    """Names of the expected triggers that are absent (or, on PostgreSQL, disabled)."""
    if not supported(connection):
        return []
    expected = EXPECTED[connection.vendor]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
                "AND c.oid IN (to_regclass(%s), to_regclass(%s))",
                [EVENT_TABLE, HEAD_TABLE],
            )
        else:
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                [EVENT_TABLE, HEAD_TABLE],
            )
        present = {tuple(row) for row in cursor.fetchall()}
    return [name for table, name in expected if (table, name) not in present]


def prepare_connection(connection) -> None:
    """connection_created handler: the test-only flush bypass (see the module docstring)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FLUSH_FUNCTION, 0, lambda: int(bool(settings.AUDIT_ALLOW_TEST_FLUSH))
        )
    elif connection.vendor == "postgresql" and settings.AUDIT_ALLOW_TEST_FLUSH:
        with connection.cursor() as cursor:
            cursor.execute(f"SET {PG_FLUSH_SETTING} = 'on'")
