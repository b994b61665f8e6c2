"""record_event: what it writes, how the chain links, and the bad input it refuses."""

import datetime
import decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from core.audit.hashing import GENESIS, event_hash
from core.audit.models import AuditChainHead, AuditEvent
from core.audit.services import record_event
from core.orgs.models import Organisation, User

pytestmark = pytest.mark.django_db

# Text PostgreSQL can store: no NUL, no lone surrogates (those are refused, tested below).
STORABLE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


@pytest.fixture
def bureau():
    return Organisation.objects.create(name="沈阳市教育局", kind="bureau")


@pytest.fixture
def clerk():
    return User.objects.create_user(username="clerk", full_name="王文书", password="x-secret-123")


@pytest.fixture
def head_teacher():
    return User.objects.create_user(username="head", full_name="李校长", password="x-secret-123")


def test_records_every_field_and_links_the_chain(bureau, clerk, head_teacher):
    first = record_event(action="org.rename", target=bureau, actor=clerk, organisation=bureau,
                         from_status="draft", to_status="active", comment="更名", data={"old": "旧名"})
    second = record_event(action="org.review", target=bureau, actor=clerk, acting_for=head_teacher)

    first.refresh_from_db()
    assert (first.seq, first.prev_hash) == (1, GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert first.actor == clerk and first.organisation == bureau and first.target == bureau
    assert first.target_label == "沈阳市教育局"
    assert (first.from_status, first.to_status, first.comment, first.data) == ("draft", "active", "更名", {"old": "旧名"})
    assert second.acting_for == head_teacher
    head = AuditChainHead.objects.get(object_id=str(bureau.pk))
    assert (head.last_seq, head.last_hash) == (2, second.hash)


def test_hash_read_back_matches_for_dates_and_decimals(bureau):
    event = record_event(action="x.y", target=bureau, data={
        "when": datetime.datetime(2024, 2, 10, 9, 30, tzinfo=datetime.timezone.utc),
        "day": datetime.date(2024, 2, 10), "amount": decimal.Decimal("1.50"), "n": 3, "f": 0.1,
        "nested": {"b": [1, "二"], "a": None},
    })
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.hash == event.hash == event_hash(stored)
    assert stored.data["amount"] == "1.50"


def test_chains_are_per_target(bureau, clerk):
    other = Organisation.objects.create(name="和平区", kind="district", parent=bureau)
    record_event(action="a", target=bureau)
    assert record_event(action="a", target=other).seq == 1
    assert record_event(action="a", target=clerk).seq == 1
    assert record_event(action="b", target=bureau).seq == 2


def test_system_and_anonymous_actor_are_none(bureau):
    assert record_event(action="sys.tick", target=bureau).actor is None
    assert record_event(action="accounts.sign_in_failed", target=bureau, actor=AnonymousUser()).actor is None


def test_hash_depends_on_the_key(bureau, settings):
    event = record_event(action="a", target=bureau)
    settings.AUDIT_HMAC_KEYS = {event.key_id: "another-key"}
    assert event_hash(event) != event.hash


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"action": ""}, "必须注明动作"),
        ({"action": "x" * 65}, "动作代码过长"),
        ({"data": ["not", "a", "dict"]}, "必须是字典"),
        ({"data": {"obj": object()}}, "无法保存为 JSON"),
        ({"data": {"f": float("nan")}}, "无法保存为 JSON"),
        ({"data": {"s": "a\x00b"}}, "空字符"),
        ({"comment": "a\x00b"}, "空字符"),
        ({"comment": "a\ud800b"}, "无效字符"),
        ({"data": {"s": "\udc00"}}, "无效字符"),
        ({"action": "a\x00"}, "必须注明动作"),
        ({"to_status": "s" * 65}, "状态代码无效"),
        ({"organisation": "沈阳"}, "组织必须是已保存的记录"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(bureau, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        record_event(**{"action": "a", "target": bureau, **kwargs})
    assert not AuditEvent.objects.exists() and not AuditChainHead.objects.exists()


def test_bad_targets_and_people_are_refused(bureau, clerk):
    cases = [
        ({"target": Organisation(name="未保存", kind="school")}, "已保存的记录"),
        ({"target": "沈阳"}, "已保存的记录"),
        ({"actor": User(username="ghost")}, "已保存的用户"),
        ({"acting_for": clerk}, "必须注明实际操作人"),
        ({"actor": clerk, "acting_for": clerk}, "不能是同一人"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            record_event(**{"action": "a", "target": bureau, **kwargs})
    assert not AuditEvent.objects.exists()


def test_cannot_audit_the_audit_log(bureau):
    event = record_event(action="a", target=bureau)
    with pytest.raises(ValidationError, match="不能记录自身"):
        record_event(action="a", target=event)


def test_model_refuses_update_and_delete(bureau):
    event = record_event(action="a", target=bureau)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()


def test_event_rolls_back_with_the_callers_transaction(bureau):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(action="a", target=bureau)
        raise RuntimeError
    assert not AuditEvent.objects.exists()
    assert record_event(action="a", target=bureau).seq == 1


def test_content_type_of_a_target_is_stored(bureau):
    event = record_event(action="a", target=bureau)
    assert event.content_type == ContentType.objects.get_for_model(Organisation)


def test_awkward_numbers_read_back_with_the_same_hash(bureau):
    """PostgreSQL's jsonb keeps numbers as exact decimals: 1e16 reads back as an integer and -0.0
    as 0.0. What is hashed must be what reads back, or audit_verify would cry wolf."""
    from core.audit.verify import verify_chains

    numbers = {"big": 1e16, "huge": 1.2345678901234567e25, "small": 1.5e-7, "negzero": -0.0, "one": 1.0,
               "third": 1 / 3, "int": 2**70, "list": [1e20, -1e-20, 0.5]}
    event = record_event(action="a", target=bureau, data=numbers)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert event_hash(stored) == stored.hash
    assert verify_chains().ok
    assert stored.data["big"] == 1e16 and float(stored.data["huge"]) == numbers["huge"]


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.text(alphabet=STORABLE, max_size=5), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=STORABLE, max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet=STORABLE, max_size=5), inner, max_size=3),
    max_leaves=8,
), max_size=4))
def test_any_json_data_reads_back_with_the_same_hash(bureau, data):
    event = record_event(action="a", target=bureau, data=data)
    assert event_hash(AuditEvent.objects.get(pk=event.pk)) == event.hash


def test_events_for_a_target_in_chain_order(bureau, clerk):
    from core.audit.selectors import events_for

    record_event(action="first", target=bureau)
    record_event(action="elsewhere", target=clerk)
    record_event(action="second", target=bureau)
    assert [e.action for e in events_for(bureau)] == ["first", "second"]


def test_a_strange_target_name_is_stored_not_refused(bureau):
    bureau.name = "沈阳\x00市\ud800教育局" + "长" * 300
    event = record_event(action="a", target=bureau)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.target_label.startswith("沈阳市?教育局") and len(stored.target_label) == 200
    assert event_hash(stored) == stored.hash
