"""notify(): one outbox row per key, bad input refused with nothing written."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from notifications import kinds
from notifications.api import notify
from notifications.models import Notification, OutboxState
from tests.factories import UserFactory
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


def test_notify_writes_one_row_routed_to_its_deliveries(person, district):
    person.email = "person@example.cn"
    person.save()
    row = notify(
        key="task:1:assigned",
        recipient=person,
        kind=engine_kinds.TASK_ASSIGNED,
        target=district,
        params={"title": "新优质均衡学校申报"},
        link="/tasks/1/",
    )
    row.refresh_from_db()
    assert row.recipient == person
    assert row.kind == "task_assigned"
    # Published: routed into its deliveries in the same transaction (each delivery then tracks
    # its own hand-off to the broker); unread.
    assert row.state == OutboxState.PUBLISHED and row.published_at is not None and row.read_at is None
    assert list(row.deliveries.values_list("key", "state")) == [("task:1:assigned:email", "pending")]
    assert row.params == {"title": "新优质均衡学校申报"}
    assert row.target_type == ContentType.objects.get_for_model(district) and row.target_id == district.pk
    assert row.target == district
    assert row.link == "/tasks/1/"


def test_notify_without_target(person):
    row = notify(key="info:1", recipient=person, kind=kinds.INFO, params=None)
    assert row.target_type is None and row.target_id is None and row.params == {}


def test_notify_is_idempotent_and_the_first_write_wins(person, other_person):
    first = notify(key="task:1:returned", recipient=person, kind=engine_kinds.RETURNED, target=None, params={"n": 1})
    again = notify(key="task:1:returned", recipient=other_person, kind=engine_kinds.APPROVED, target=None,
                   params={"n": 2})
    assert again.pk == first.pk
    assert Notification.objects.count() == 1
    stored = Notification.objects.get()
    assert (stored.recipient, stored.kind, stored.params) == (person, "returned", {"n": 1})


def test_the_database_enforces_unique_keys(person):
    Notification.objects.create(key="k:1", recipient=person, kind=kinds.INFO)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(key="k:1", recipient=person, kind=kinds.INFO)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"key": ""}, "唯一键不能为空"),
        ({"key": "   "}, "唯一键不能为空"),
        ({"key": None}, "唯一键不能为空"),
        ({"key": "k" * 201}, "不能超过200个字符"),
        ({"key": "task 1"}, "不能包含空白字符"),
        ({"recipient": None}, "接收人必须是已保存的用户"),
        ({"recipient": "someone"}, "接收人必须是已保存的用户"),
        ({"kind": "fax"}, "未知的消息类型"),
        ({"params": ["a"]}, "参数必须是字典"),
        ({"params": {"when": datetime.date(2021, 1, 1)}}, "参数必须能保存为 JSON"),
        ({"target": "item 7"}, "关联对象必须是已保存的记录"),
    ],
)
def test_notify_refuses_bad_input_and_writes_nothing(person, change, message):
    arguments = {"key": "task:1:x", "recipient": person, "kind": kinds.INFO, "target": None, "params": {}}
    arguments.update(change)
    with pytest.raises(ValidationError) as error:
        notify(**arguments)
    assert message in str(error.value)
    assert Notification.objects.count() == 0


def test_notify_refuses_an_unsaved_recipient_or_target(person, district):
    with pytest.raises(ValidationError, match="接收人必须是已保存的用户"):
        notify(key="a:1", recipient=UserFactory.build(), kind=kinds.INFO, target=None, params={})
    with pytest.raises(ValidationError, match="关联对象必须是已保存的记录"):
        notify(key="a:1", recipient=person, kind=kinds.INFO, target=type(district)(name="x"), params={})
    assert Notification.objects.count() == 0


def test_notify_rolls_back_with_the_action(person):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(key="task:9:approved", recipient=person, kind=engine_kinds.APPROVED, target=None, params={})
        raise RuntimeError("the action failed after writing its outbox row")
    assert Notification.objects.count() == 0
