"""Rotating the audit key: old events keep verifying with the old key, the newest key signs,
and once audit_rotate_key has run a retired (say, leaked) key can no longer move a head."""

import pytest
from django.core.management import CommandError, call_command

from core.audit import services
from core.audit.hashing import head_signature
from core.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from core.audit.services import record_event
from core.audit.verify import ALTERED, RETIRED_KEY, UNKNOWN_KEY, verify_chains
from core.orgs.models import Organisation
from tests.core.audit_helpers import tamper

pytestmark = pytest.mark.django_db(transaction=True)

OLD, NEW = "test-only-audit-key", "the-new-audit-key"


@pytest.fixture
def written_with_key_1(settings):
    settings.AUDIT_HMAC_KEYS = {"1": OLD}
    bureau = Organisation.objects.create(name="沈阳市教育局", kind="bureau")
    events = [record_event(action=f"step{n}", target=bureau, comment=f"第{n}步") for n in (1, 2)]
    return bureau, events


def _kinds() -> list[str]:
    return [problem.kind for problem in verify_chains().problems]


def test_rotate_then_old_events_verify_with_the_old_key_and_new_ones_use_the_new(written_with_key_1, settings, capsys):
    bureau, events = written_with_key_1
    assert {e.key_id for e in events} == {"1"}
    settings.AUDIT_HMAC_KEYS = {"1": OLD, "2": NEW}
    # Until the rotation is finished, verify says so (the head still carries key 1).
    assert _kinds() == [RETIRED_KEY]

    call_command("audit_rotate_key")
    out = capsys.readouterr().out
    assert "已改用密钥“2”：重新签名 1 个链头" in out and "审计日志完好（1 条链，共 2 个事件）" in out
    assert AuditChainHead.objects.get().key_id == "2"
    assert AuditCheckpoint.objects.order_by("-pk").first().key_id == "2"
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {"1"}  # events are never rewritten

    later = record_event(action="step3", target=bureau)
    assert later.key_id == "2"
    assert verify_chains().ok
    call_command("audit_verify")
    assert "审计日志完好：1 条链，共 3 个事件。" in capsys.readouterr().out

    # Without the old key the old events cannot be verified: keep retired keys in the list.
    settings.AUDIT_HMAC_KEYS = {"2": NEW}
    assert _kinds()[-1] == UNKNOWN_KEY


def test_a_retired_key_cannot_move_a_head_after_the_rotation(written_with_key_1, settings):
    settings.AUDIT_HMAC_KEYS = {"1": OLD, "2": NEW}
    call_command("audit_rotate_key")
    # Someone with the old key and SQL rewinds the head by one event and signs it with key 1.
    head = AuditChainHead.objects.get()
    first = AuditEvent.objects.get(seq=1)
    head.last_seq, head.last_hash, head.key_id = 1, first.hash, "1"
    tamper("DELETE FROM audit_auditevent WHERE seq = 2")
    tamper("UPDATE audit_auditchainhead SET last_seq = 1, last_hash = %s, key_id = '1', signature = %s",
           [first.hash, head_signature(head)])
    assert RETIRED_KEY in _kinds()


def test_events_from_before_key_ids_verify_with_key_1_and_after_a_rotation(settings, monkeypatch):
    """Rows written before migration 0003 have key_id "" and the v1 forms, signed by AUDIT_HMAC_KEY."""
    settings.AUDIT_HMAC_KEYS = {"1": OLD}
    monkeypatch.setattr(services, "signing_key_id", lambda: "")  # record_event as it was then
    bureau = Organisation.objects.create(name="沈阳市教育局", kind="bureau")
    legacy = record_event(action="before", target=bureau)
    monkeypatch.undo()
    assert legacy.key_id == "" and AuditChainHead.objects.get().key_id == ""
    settings.AUDIT_HMAC_KEYS = {"1": OLD}
    assert verify_chains().ok
    settings.AUDIT_HMAC_KEYS = {"1": OLD, "2": NEW}
    call_command("audit_rotate_key")
    assert verify_chains().ok and AuditChainHead.objects.get().key_id == "2"


def test_rotation_refuses_a_damaged_log_and_changes_nothing(written_with_key_1, settings):
    tamper("UPDATE audit_auditevent SET comment = '改过' WHERE seq = 1")
    settings.AUDIT_HMAC_KEYS = {"1": OLD, "2": NEW}
    with pytest.raises(CommandError, match="审计日志校验未通过，未作任何更改"):
        call_command("audit_rotate_key")
    assert AuditChainHead.objects.get().key_id == "1"
    assert not AuditCheckpoint.objects.exists()
    assert ALTERED in _kinds()
