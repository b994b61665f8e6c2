"""audit_verify finds an altered, a removed and a reordered event, and names it."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from core.audit.services import record_event
from core.audit.verify import ALTERED, REMOVED, REORDERED, verify_chains
from core.orgs.models import Organisation
from tests.conftest import need
from tests.core.audit_helpers import VENDORS, database_url, tamper, verify_fails

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """Three events on one organisation, and one on another that stays intact."""
    org = Organisation.objects.create(name="沈阳市教育局", kind="bureau")
    events = [record_event(action=f"step{n}", target=org, comment=f"第{n}步") for n in (1, 2, 3)]
    record_event(action="other", target=Organisation.objects.create(name="和平区", kind="district", parent=org))
    return events


def only_problem():
    report = verify_chains()
    [problem] = report.problems
    return problem


def test_intact_log_passes_with_a_count(chain, capsys):
    call_command("audit_verify")
    assert "审计日志完好：2 条链，共 4 个事件。" in capsys.readouterr().out


def test_empty_log_passes(capsys):
    call_command("audit_verify")
    assert "0 条链" in capsys.readouterr().out


def test_altered_event_is_named(chain):
    tamper("UPDATE audit_auditevent SET comment = '改过' WHERE seq = 2 AND action = 'step2'")
    problem = only_problem()
    assert (problem.kind, problem.seq, problem.event_id) == (ALTERED, 2, str(chain[1].id))
    message = verify_fails()
    assert "seq=2" in message and str(chain[1].id) in message and "被修改" in message
    assert "沈阳市教育局" in message


@pytest.mark.parametrize("field, value", [
    ("created_at", "2020-01-01 00:00:00+00"), ("actor_id", None), ("data", '{"x": 1}'), ("to_status", "done"),
])
def test_any_altered_field_is_detected(chain, field, value):
    if field == "created_at" and connection.vendor == "sqlite":
        value = "2020-01-01 00:00:00"
    if field == "actor_id":  # give step 2 an actor it never had
        from core.orgs.models import User

        value = User.objects.create_user(username="intruder", password="x-secret-123").pk
    tamper(f"UPDATE audit_auditevent SET {field} = %s WHERE action = 'step2'", [value])
    assert (only_problem().kind, only_problem().seq) == (ALTERED, 2)


def test_removed_event_is_named(chain):
    tamper("DELETE FROM audit_auditevent WHERE action = 'step2'")
    problem = only_problem()
    assert (problem.kind, problem.seq, problem.event_id) == (REMOVED, 2, "")
    message = verify_fails()
    assert "seq=2" in message and "第 2 至第 2 号事件缺失" in message and str(chain[2].id) in message


def test_removed_last_event_is_found_through_the_chain_head(chain):
    tamper("DELETE FROM audit_auditevent WHERE action = 'step3'")
    problem = only_problem()
    assert (problem.kind, problem.seq) == (REMOVED, 3)
    assert "链末尾的第 3 至第 3 号事件缺失" in verify_fails()


def test_removed_whole_chain_is_found_through_the_chain_head(chain):
    tamper("DELETE FROM audit_auditevent WHERE action LIKE 'step%%'")
    problem = only_problem()
    assert (problem.kind, problem.seq) == (REMOVED, 1)
    assert "全部 3 个事件均已缺失" in verify_fails()


def test_reordered_pair_is_named(chain):
    with_temp = [
        "UPDATE audit_auditevent SET seq = 1000 WHERE action = 'step1'",
        "UPDATE audit_auditevent SET seq = 1 WHERE action = 'step2'",
        "UPDATE audit_auditevent SET seq = 2 WHERE action = 'step1'",
    ]
    for sql in with_temp:
        tamper(sql)
    problem = only_problem()
    assert (problem.kind, problem.seq, problem.event_id) == (REORDERED, 1, str(chain[1].id))
    message = verify_fails()
    assert "seq=1" in message and "原为第 2 号" in message


def test_removed_and_renumbered_events_are_found(chain):
    tamper("DELETE FROM audit_auditevent WHERE action = 'step2'")
    tamper("UPDATE audit_auditevent SET seq = 2 WHERE action = 'step3'")
    tamper("UPDATE audit_auditchainhead SET last_seq = 2 WHERE last_seq = 3")
    problem = only_problem()
    assert (problem.kind, problem.seq, problem.event_id) == (REORDERED, 2, str(chain[2].id))


def test_event_moved_to_another_target_is_found(chain):
    tamper("UPDATE audit_auditevent SET object_id = '424242' WHERE action = 'step3'")
    kinds = sorted(p.kind for p in verify_chains().problems)
    assert kinds == [ALTERED, REMOVED]  # the stray event fails its hash; its old chain lost its end


def test_deleted_chain_head_is_reported(chain):
    tamper("DELETE FROM audit_auditchainhead WHERE last_seq = 3")
    assert "缺少链头记录" in verify_fails()


def test_forged_hash_without_the_key_is_found(chain, settings):
    """An attacker who recomputes hashes with a guessed key still fails verification."""
    from core.audit.hashing import event_hash
    from core.audit.models import AuditEvent

    forged = AuditEvent.objects.get(action="step2")
    forged.comment = "伪造"
    real = settings.AUDIT_HMAC_KEYS
    settings.AUDIT_HMAC_KEYS = {forged.key_id: "guessed-key"}
    fake = event_hash(forged)
    settings.AUDIT_HMAC_KEYS = real
    tamper("UPDATE audit_auditevent SET comment = %s, hash = %s WHERE action = 'step2'", ["伪造", fake])
    assert only_problem().kind == ALTERED


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.django_db(transaction=True)
def test_command_exit_status(vendor):
    """The real command line: exit 0 and a count, then non-zero naming the altered event."""
    need(connection.vendor == vendor, f"runs on {vendor}")
    org = Organisation.objects.create(name="沈阳市教育局", kind="bureau")
    events = [record_event(action=f"step{n}", target=org) for n in (1, 2)]
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url(),
           "VAR_DIR": str(settings.VAR_DIR)}

    def audit_verify():
        return subprocess.run([sys.executable, "manage.py", "audit_verify"], capture_output=True, text=True,
                              env=env, cwd=settings.BASE_DIR, timeout=120)

    result = audit_verify()
    assert result.returncode == 0, result.stderr
    assert "1 条链，共 2 个事件" in result.stdout
    tamper("UPDATE audit_auditevent SET comment = 'x' WHERE action = 'step2'")
    result = audit_verify()
    assert result.returncode != 0
    assert "seq=2" in result.stderr and str(events[1].id) in result.stderr and "被修改" in result.stderr
