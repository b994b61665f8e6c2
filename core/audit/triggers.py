"""Database triggers that make the audit log append-only, on PostgreSQL and SQLite.

Events and checkpoints: UPDATE, DELETE and TRUNCATE are refused. Chain heads: DELETE and TRUNCATE
are refused, and an UPDATE must advance the head by exactly one event and point at that event's
hash (record_event's only update). On SQLite an INSERT that collides with an existing row is
refused too (INSERT OR REPLACE would otherwise delete and rewrite it). Every refusal raises
django.db.IntegrityError with a message that says what was refused.

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
CHECKPOINT_TABLE = "audit_auditcheckpoint"
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
        (HEAD_TABLE, "audit_head_is_last_event"),
        (CHECKPOINT_TABLE, "audit_checkpoint_refuse_update_delete"),
        (CHECKPOINT_TABLE, "audit_checkpoint_refuse_truncate"),
    ],
    "sqlite": [
        (EVENT_TABLE, "audit_event_refuse_update"),
        (EVENT_TABLE, "audit_event_refuse_delete"),
        (EVENT_TABLE, "audit_event_refuse_overwrite"),
        (HEAD_TABLE, "audit_head_refuse_delete"),
        (HEAD_TABLE, "audit_head_advance_only"),
        (HEAD_TABLE, "audit_head_is_last_event"),
        (HEAD_TABLE, "audit_head_refuse_overwrite"),
        (CHECKPOINT_TABLE, "audit_checkpoint_refuse_update"),
        (CHECKPOINT_TABLE, "audit_checkpoint_refuse_delete"),
        (CHECKPOINT_TABLE, "audit_checkpoint_refuse_overwrite"),
    ],
}

# The head must name the event that was just appended: its seq and its hash. A head moved on by
# one with any other hash would let someone with SQL (and the triggers in place) swap the tip.
_HEAD_IS_LAST_EVENT = (
    f"EXISTS (SELECT 1 FROM {EVENT_TABLE} e WHERE e.content_type_id = NEW.content_type_id "
    "AND e.object_id = NEW.object_id AND e.seq = NEW.last_seq AND e.hash = NEW.last_hash)"
)

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
-- An AFTER trigger: record_event inserts the event in a CTE of the same statement as the head
-- update, and only at the end of the statement is that insert visible.
CREATE OR REPLACE FUNCTION audit_head_is_last_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT {_HEAD_IS_LAST_EVENT} THEN
        RAISE EXCEPTION 'audit log is append-only: % must point at the event just appended', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
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
    "audit_head_is_last_event": (HEAD_TABLE, "AFTER UPDATE", "ROW", "audit_head_is_last_event"),
    "audit_checkpoint_refuse_update_delete": (CHECKPOINT_TABLE, "BEFORE UPDATE OR DELETE", "ROW", "audit_refuse_change"),
    "audit_checkpoint_refuse_truncate": (CHECKPOINT_TABLE, "BEFORE TRUNCATE", "STATEMENT", "audit_refuse_change"),
}


def _sqlite_refusal(op: str, table: str) -> str:
    return f"SELECT RAISE(ABORT, 'audit log is append-only: {op} on {table} refused');"


def _sqlite_refuse_update(table: str) -> str:
    return f"BEFORE UPDATE ON {table} BEGIN {_sqlite_refusal('UPDATE', table)} END"


def _sqlite_refuse_delete(table: str) -> str:
    return f"BEFORE DELETE ON {table} WHEN NOT {SQLITE_FLUSH_FUNCTION}() BEGIN {_sqlite_refusal('DELETE', table)} END"


def _sqlite_refuse_overwrite(table: str, same_row: str) -> str:
    # INSERT OR REPLACE deletes the row it collides with, and SQLite fires no DELETE trigger for
    # that unless recursive_triggers is on (prepare_connection turns it on; a bare sqlite3 shell
    # does not). So an insert that would collide is refused here, whatever its conflict clause.
    return (f"BEFORE INSERT ON {table} WHEN EXISTS (SELECT 1 FROM {table} old WHERE {same_row}) "
            f"BEGIN {_sqlite_refusal('overwriting INSERT', table)} END")


_SQLITE_TRIGGERS = {
    "audit_event_refuse_update": _sqlite_refuse_update(EVENT_TABLE),
    "audit_event_refuse_delete": _sqlite_refuse_delete(EVENT_TABLE),
    "audit_event_refuse_overwrite": _sqlite_refuse_overwrite(EVENT_TABLE, (
        "old.id = NEW.id OR (old.content_type_id = NEW.content_type_id AND old.object_id = NEW.object_id "
        "AND old.seq = NEW.seq)")),
    "audit_head_refuse_delete": _sqlite_refuse_delete(HEAD_TABLE),
    "audit_head_advance_only": f"BEFORE UPDATE ON {HEAD_TABLE} "
    "WHEN NEW.last_seq <> OLD.last_seq + 1 OR NEW.content_type_id <> OLD.content_type_id "
    "OR NEW.object_id <> OLD.object_id "
    f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only: {HEAD_TABLE} may only advance by one event'); END",
    "audit_head_is_last_event": f"AFTER UPDATE ON {HEAD_TABLE} WHEN NOT {_HEAD_IS_LAST_EVENT} "
    f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only: {HEAD_TABLE} must point at the event just appended'); END",
    # record_event inserts a head only when there is none (INSERT OR IGNORE under SQLite's
    # IMMEDIATE transaction, which serialises writers), so this never trips on its path.
    "audit_head_refuse_overwrite": _sqlite_refuse_overwrite(HEAD_TABLE, (
        "old.id = NEW.id OR (old.content_type_id = NEW.content_type_id AND old.object_id = NEW.object_id)")),
    "audit_checkpoint_refuse_update": _sqlite_refuse_update(CHECKPOINT_TABLE),
    "audit_checkpoint_refuse_delete": _sqlite_refuse_delete(CHECKPOINT_TABLE),
    "audit_checkpoint_refuse_overwrite": _sqlite_refuse_overwrite(CHECKPOINT_TABLE, "old.id = NEW.id"),
}


def supported(connection) -> bool:
    return connection.vendor in EXPECTED


def tables_exist(connection) -> bool:
    return {EVENT_TABLE, HEAD_TABLE} <= set(connection.introspection.table_names())


def _expected_here(connection) -> list[tuple[str, str]]:
    # Only for tables that exist: `migrate audit 0001` leaves the checkpoint table still to come.
    tables = set(connection.introspection.table_names())
    return [(table, name) for table, name in EXPECTED[connection.vendor] if table in tables]


def install_triggers(connection) -> None:
    """Create (or re-create) every trigger; safe to run any number of times."""
    if not supported(connection) or not tables_exist(connection):
        return
    names = [name for _table, name in _expected_here(connection)]
    # One transaction, so that there is no moment without a trigger.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTIONS)
            for name in names:
                table, when, level, function = _PG_TRIGGERS[name]
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH {level} EXECUTE FUNCTION {function}()")
        else:
            for name in names:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {_SQLITE_TRIGGERS[name]}")


def drop_head_update_triggers(connection) -> None:
    """For a migration that rewrites every head (signing them): the next install_triggers, run
    after every migrate, puts these back."""
    with connection.cursor() as cursor:
        for table, name in EXPECTED[connection.vendor]:
            if table == HEAD_TABLE and name in ("audit_head_advance_only", "audit_head_is_last_event"):
                on_table = f" ON {table}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")


def missing_triggers(connection) -> list[str]:
    """Names of the expected triggers that are absent (or, on PostgreSQL, disabled)."""
    if not supported(connection):
        return []
    expected = _expected_here(connection)
    tables = sorted({table for table, _name in expected})
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
                f"AND c.oid IN ({', '.join(['to_regclass(%s)'] * len(tables))})",
                tables,
            )
        else:
            cursor.execute(
                f"SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
                tables,
            )
        present = {tuple(row) for row in cursor.fetchall()}
    return [name for table, name in expected if (table, name) not in present]


def prepare_connection(connection) -> None:
    """connection_created handler: the test-only flush bypass (see the module docstring), and on
    SQLite recursive triggers, so that the delete INSERT OR REPLACE does fires the DELETE triggers."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FLUSH_FUNCTION, 0, lambda: int(bool(settings.AUDIT_ALLOW_TEST_FLUSH))
        )
        connection.connection.execute("PRAGMA recursive_triggers = ON")
    elif connection.vendor == "postgresql" and settings.AUDIT_ALLOW_TEST_FLUSH:
        with connection.cursor() as cursor:
            cursor.execute(f"SET {PG_FLUSH_SETTING} = 'on'")
