"""The database refuses UPDATE and DELETE on the audit log, on PostgreSQL and on SQLite; the
test-only flush bypass works in tests and is off with production settings."""

import json
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from core.audit.checks import audit_triggers_present
from core.audit.models import AuditChainHead, AuditEvent
from core.audit.services import record_event
from core.audit.triggers import install_triggers, missing_triggers
from core.orgs.models import Organisation
from tests.conftest import need
from tests.core.audit_helpers import VENDORS, database_url, drop_triggers

pytestmark = pytest.mark.django_db

@pytest.fixture(params=VENDORS)
def vendor(request):
    need(connection.vendor == request.param, f"runs on {request.param}")
    return request.param


@pytest.fixture
def no_flush_bypass(vendor, settings):
    """Production behaviour in this process. On PostgreSQL row DELETE is refused even in tests
    (flush uses TRUNCATE); on SQLite the bypass function reads the setting on every call."""
    settings.AUDIT_ALLOW_TEST_FLUSH = False


@pytest.fixture
def event(vendor):
    return record_event(action="org.create", target=Organisation.objects.create(name="沈阳市教育局", kind="bureau"))


def refused(sql, params=()):
    with pytest.raises(IntegrityError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    assert "append-only" in str(caught.value)
    return str(caught.value)


def test_triggers_exist_after_migrate(vendor):
    assert missing_triggers(connection) == []
    assert audit_triggers_present() == []


def test_update_is_refused(event):
    message = refused("UPDATE audit_auditevent SET comment = 'x' WHERE id = %s", [event.id.hex if connection.vendor == "sqlite" else event.id])
    assert "UPDATE" in message
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(comment="改过")
    assert AuditEvent.objects.get(pk=event.pk).comment == ""


def test_delete_is_refused(event, no_flush_bypass):
    message = refused("DELETE FROM audit_auditevent")
    assert "DELETE" in message
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_chain_head_cannot_be_deleted_or_rewound(event, no_flush_bypass):
    refused("DELETE FROM audit_auditchainhead")
    refused("UPDATE audit_auditchainhead SET last_seq = 0")
    refused("UPDATE audit_auditchainhead SET last_seq = last_seq + 2")
    refused("UPDATE audit_auditchainhead SET object_id = '999'")
    assert AuditChainHead.objects.get().last_seq == 1


def test_truncate_is_refused_on_postgresql(on_postgres):
    record_event(action="org.create", target=Organisation.objects.create(name="沈阳市教育局", kind="bureau"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL audit.allow_test_flush = 'off'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending FK checks
        for table in ("audit_auditevent", "audit_auditchainhead"):
            with pytest.raises(IntegrityError, match="append-only: TRUNCATE"), transaction.atomic():
                cursor.execute(f"TRUNCATE {table} CASCADE")


def test_missing_or_disabled_trigger_is_reported(vendor):
    drop_triggers()
    assert missing_triggers(connection)
    [warning] = audit_triggers_present()
    assert warning.id == "audit.W001" and "缺少审计日志的保护触发器" in warning.msg
    install_triggers(connection)
    install_triggers(connection)  # idempotent
    assert missing_triggers(connection) == []
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_refuse_update_delete")
        assert missing_triggers(connection) == ["audit_event_refuse_update_delete"]


def test_migrate_recreates_missing_triggers(vendor):
    drop_triggers()
    call_command("migrate", verbosity=0)
    assert missing_triggers(connection) == []


# --- the test-only flush bypass --------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_flush_bypass_works_in_tests(vendor):
    """Teardown of this transactional test empties the audit tables: that is the bypass at work.
    Here it is exercised directly too, with the statement Django's flush uses on each database."""
    assert settings.AUDIT_ALLOW_TEST_FLUSH is True
    record_event(action="org.create", target=Organisation.objects.create(name="和平区", kind="district"))
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("TRUNCATE audit_auditevent, audit_auditchainhead")
        else:
            cursor.execute("DELETE FROM audit_auditevent")
            cursor.execute("DELETE FROM audit_auditchainhead")
    assert not AuditEvent.objects.exists() and not AuditChainHead.objects.exists()
    record_event(action="org.create", target=Organisation.objects.create(name="沈河区", kind="district"))


def test_flush_bypass_is_off_in_production_settings():
    from core import settings as production

    assert production.AUDIT_ALLOW_TEST_FLUSH is False


PROBE = textwrap.dedent("""
    import json
    import django
    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import DatabaseError, connection, transaction
    from core.audit.services import record_event

    statements = {
        "DELETE event": "DELETE FROM audit_auditevent",
        "UPDATE event": "UPDATE audit_auditevent SET comment = 'x'",
        "DELETE head": "DELETE FROM audit_auditchainhead",
    }
    if connection.vendor == "postgresql":
        statements["TRUNCATE event"] = "TRUNCATE audit_auditevent"
        statements["TRUNCATE head"] = "TRUNCATE audit_auditchainhead"
    outcome = {}

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                connection.cursor().execute("SET LOCAL lock_timeout = '10s'")
            # A row to refuse to delete; everything is rolled back at the end.
            record_event(action="probe", target=ContentType.objects.get_for_model(ContentType))
            if connection.vendor == "postgresql":  # TRUNCATE refuses pending FK checks
                connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, sql in statements.items():
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        cursor.execute(sql)
                    outcome[name] = "allowed"
                except DatabaseError as exc:
                    outcome[name] = str(exc).splitlines()[0]
            raise Undo
    except Undo:
        pass
    print(json.dumps(outcome))
""")


def production_env(tmp_path, database_url: str) -> dict:
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "core.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-secret-key-for-this-test-only",
        "AUDIT_HMAC_KEY": "production-audit-key",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
    }


def run(args, env):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          cwd=settings.BASE_DIR, timeout=300)


def assert_all_refused(result):
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome and all("append-only" in message for message in outcome.values()), outcome


@pytest.mark.sqlite
@pytest.mark.django_db(databases=[])
def test_production_settings_refuse_delete_on_sqlite(tmp_path):
    """A fresh SQLite database with production settings: migrate installs the triggers, the
    system check is quiet, DELETE is refused, a lost trigger makes `check` warn and the next
    migrate puts it back."""
    env = production_env(tmp_path, f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    assert run(["manage.py", "migrate", "--noinput", "-v0"], env).returncode == 0
    assert_all_refused(run(["-c", PROBE], env))

    import sqlite3

    with sqlite3.connect(tmp_path / "prod.sqlite3") as db:
        db.execute("DROP TRIGGER audit_event_refuse_delete")
    checked = run(["manage.py", "check"], env)
    assert "audit.W001" in checked.stderr + checked.stdout and "audit_event_refuse_delete" in checked.stderr
    run(["manage.py", "migrate", "--noinput", "-v0"], env)
    checked = run(["manage.py", "check"], env)
    assert "audit.W001" not in checked.stderr + checked.stdout
    assert_all_refused(run(["-c", PROBE], env))


@pytest.mark.django_db(transaction=True)
def test_production_settings_refuse_delete_and_truncate_on_postgresql(tmp_path, on_postgres):
    """The test database, reached with production settings: no bypass for DELETE or TRUNCATE."""
    url = database_url()
    assert_all_refused(run(["-c", PROBE], production_env(tmp_path, url)))
    checked = run(["manage.py", "check"], production_env(tmp_path, url))
    assert checked.returncode == 0 and "audit.W001" not in checked.stderr + checked.stdout


# --- a head must point at the event just appended ----------------------------------------------

def test_head_advanced_with_a_wrong_hash_is_refused(event):
    """Advancing by one is what record_event does; with a hash that is not the new event's, the
    head would vouch for a tip that does not exist (or for an older event)."""
    for wrong in ("f" * 64, event.hash):
        refused("UPDATE audit_auditchainhead SET last_seq = last_seq + 1, last_hash = %s", [wrong])
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (1, event.hash)
    assert record_event(action="org.rename", target=event.target).seq == 2  # the real way still works


def test_appending_costs_two_statements_on_postgresql(on_postgres, django_assert_num_queries):
    """Signing the head adds no statement: it is computed here and written by the same UPDATE."""
    bureau = Organisation.objects.create(name="沈阳市教育局", kind="bureau")
    record_event(action="org.create", target=bureau)
    with django_assert_num_queries(2):
        record_event(action="org.rename", target=bureau)


# --- INSERT OR REPLACE on SQLite ------------------------------------------------------------------

def replace_row(table: str, model, **changed) -> str:
    """INSERT OR REPLACE of an existing row with some columns changed: SQLite deletes the old row
    and inserts the new one, which no UPDATE trigger sees."""
    columns = [field.column for field in model._meta.concrete_fields]
    values = [changed.get(column, column) for column in columns]
    return f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table}"


@pytest.fixture
def commented(on_sqlite):
    bureau = Organisation.objects.create(name="沈阳市教育局", kind="bureau")
    record_event(action="org.create", target=bureau, comment="同意")
    return record_event(action="org.rename", target=bureau)


REWRITE_COMMENT = replace_row("audit_auditevent", AuditEvent, comment="'不同意'")
REWIND_HEAD = replace_row("audit_auditchainhead", AuditChainHead, last_seq="1",
                          last_hash="(SELECT hash FROM audit_auditevent WHERE seq = 1)")


def assert_untouched(commented):
    assert AuditEvent.objects.get(seq=1).comment == "同意"
    assert AuditChainHead.objects.get().last_seq == 2
    from core.audit.verify import verify_chains

    assert verify_chains().ok


@pytest.mark.sqlite
@pytest.mark.parametrize("attack", [REWRITE_COMMENT, REWIND_HEAD], ids=["event", "head"])
def test_insert_or_replace_is_refused_on_sqlite(commented, attack):
    refused(attack)
    # Also with a fresh id: the collision is then on (target, seq) or on the target.
    fresh_id = {"audit_auditevent": "lower(hex(randomblob(16)))", "audit_auditchainhead": "id + 1000"}
    table = "audit_auditevent" if attack is REWRITE_COMMENT else "audit_auditchainhead"
    refused(attack.replace("SELECT id,", f"SELECT {fresh_id[table]},", 1))
    assert_untouched(commented)


@pytest.mark.sqlite
@pytest.mark.parametrize("attack", [REWRITE_COMMENT, REWIND_HEAD], ids=["event", "head"])
def test_recursive_triggers_refuse_replace_without_the_insert_guard(commented, attack, settings):
    """The second layer: with recursive_triggers on, REPLACE's implicit delete fires the DELETE
    trigger, so REPLACE is refused even where the overwrite guard is missing."""
    settings.AUDIT_ALLOW_TEST_FLUSH = False  # as in production
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone()[0] == 1
        for name in ("audit_event_refuse_overwrite", "audit_head_refuse_overwrite"):
            cursor.execute(f"DROP TRIGGER {name}")
    assert "DELETE" in refused(attack)
    assert_untouched(commented)
