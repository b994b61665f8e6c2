"""What the chains alone cannot show: a cut tail with its head rewound, and a chain deleted
together with its head. Signed heads and signed checkpoints make audit_verify find both."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from core.audit.hashing import head_signature
from core.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from core.audit.services import record_event
from core.audit.triggers import install_triggers
from core.audit.verify import CHECKPOINT, FORGED_HEAD, verify_chains
from core.orgs.models import Organisation
from tests.core.audit_helpers import tamper, verify_fails

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """Three events on the bureau, one on a district that stays intact."""
    bureau = Organisation.objects.create(name="沈阳市教育局", kind="bureau")
    events = [record_event(action=f"step{n}", target=bureau) for n in (1, 2, 3)]
    record_event(action="other", target=Organisation.objects.create(name="和平区", kind="district", parent=bureau))
    return events


def bureau_head():
    return AuditChainHead.objects.get(last_seq=3)


def cut_tail_and_rewind_head(chain, signature=None):
    """Delete step 3 and make the head point at step 2, as if step 3 had never happened."""
    head = bureau_head()
    tamper("DELETE FROM audit_auditevent WHERE action = 'step3'")
    tamper("UPDATE audit_auditchainhead SET last_seq = 2, last_hash = %s, signature = COALESCE(%s, signature) "
           "WHERE id = %s", [chain[1].hash, signature, head.pk])


def test_heads_are_signed_as_they_advance(chain):
    head = bureau_head()
    assert head.signature and head.signature == head_signature(head)
    assert verify_chains().ok


def test_cut_tail_with_a_rewound_head_is_named(chain):
    cut_tail_and_rewind_head(chain)
    [problem] = verify_chains().problems
    assert (problem.kind, problem.seq) == (FORGED_HEAD, 2)
    message = verify_fails()
    assert "沈阳市教育局" in message and "签名不符" in message and "seq=2" in message


def test_rewound_head_with_a_replayed_old_signature_is_found_by_the_checkpoint(chain, capsys):
    """The attacker kept the head's signature from when it stood at step 2 (an old backup has
    it). The head then passes, but the checkpoint written after step 3 counted one more event."""
    old = AuditChainHead(content_type_id=chain[1].content_type_id, object_id=chain[1].object_id,
                         last_seq=2, last_hash=chain[1].hash, key_id=chain[1].key_id)
    call_command("audit_verify")
    assert "已写入检查点 #" in capsys.readouterr().out
    cut_tail_and_rewind_head(chain, signature=head_signature(old))
    [problem] = verify_chains().problems
    assert problem.kind == CHECKPOINT
    message = verify_fails()
    assert "2 条链、共 4 个事件" in message and "只剩 2 条、共 3 个事件" in message


def test_chain_deleted_with_its_head_is_found_by_the_checkpoint(chain):
    call_command("audit_verify")
    bureau_id = chain[0].object_id
    tamper("DELETE FROM audit_auditevent WHERE object_id = %s", [bureau_id])
    tamper("DELETE FROM audit_auditchainhead WHERE object_id = %s", [bureau_id])
    [problem] = verify_chains().problems
    assert problem.kind == CHECKPOINT
    assert "有整条链连同链头被删除" in verify_fails()


def test_checkpoints_hold_while_the_log_grows(chain):
    call_command("audit_verify")
    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.chains, checkpoint.events) == (2, 4)
    record_event(action="step4", target=chain[0].target)
    record_event(action="new", target=Organisation.objects.create(name="沈河区", kind="district"))
    call_command("audit_verify")
    assert verify_chains().ok and AuditCheckpoint.objects.count() == 2
    call_command("audit_verify", no_checkpoint=True)
    assert AuditCheckpoint.objects.count() == 2


def test_altered_checkpoint_is_found(chain):
    call_command("audit_verify")
    tamper("UPDATE audit_auditcheckpoint SET chains = 1, events = 1")
    assert "检查点被修改或伪造" in verify_fails()


def test_checkpoints_are_append_only(chain):
    from django.db import IntegrityError, transaction

    call_command("audit_verify")
    for sql in ("UPDATE audit_auditcheckpoint SET events = 0", "DELETE FROM audit_auditcheckpoint"):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditCheckpoint.objects.get().events == 4


def test_forged_head_without_events_is_found(chain):
    tamper("UPDATE audit_auditchainhead SET signature = 'x' WHERE last_seq = 1")
    tamper("DELETE FROM audit_auditevent WHERE action = 'other'")
    assert any(p.kind == FORGED_HEAD for p in verify_chains().problems)


def test_the_migration_signs_heads_written_before_signing(chain, on_postgres):
    tamper("UPDATE audit_auditchainhead SET signature = ''")
    assert {p.kind for p in verify_chains().problems} == {FORGED_HEAD}
    migration = importlib.import_module("core.audit.migrations.0002_signed_heads_and_checkpoints")
    with connection.schema_editor() as editor:
        migration.sign_existing_heads(apps, editor)
    install_triggers(connection)  # as migrate does afterwards
    assert verify_chains().ok
    assert AuditEvent.objects.count() == 4
