"""notify_many(): the same message to several people, idempotent per key, in a constant number
of statements; bad input refused with nothing written."""

import pytest
from django.core.exceptions import ValidationError

from notifications import kinds
from notifications.api import notify, notify_many
from notifications.models import Delivery, Notification
from tests.factories import UserFactory
from tests.sql_statements import statements
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


def test_each_recipient_gets_a_row_and_its_email_delivery(district):
    people = [UserFactory(email=f"p{n}@example.cn") for n in range(3)]
    written = notify_many(recipients={f"task:7:opened:{p.pk}": p for p in people}, kind=engine_kinds.TASK_ASSIGNED,
                          target=district, params={"title": "申报"})
    assert written == 3
    rows = Notification.objects.order_by("pk")
    assert [(row.key, row.recipient, row.kind, row.params, row.target) for row in rows] == [
        (f"task:7:opened:{p.pk}", p, "task_assigned", {"title": "申报"}, district) for p in people
    ]
    assert Delivery.objects.filter(channel="email").count() == 3


def test_a_key_written_before_is_left_as_it_is(person, other_person):
    first = notify(key="task:1:opened:a", recipient=person, kind=engine_kinds.RETURNED, params={"n": 1})
    written = notify_many(recipients={"task:1:opened:a": other_person, "task:1:opened:b": other_person},
                          kind=engine_kinds.APPROVED, params={"n": 2})
    assert written == 1
    first.refresh_from_db()
    assert (first.recipient, first.kind, first.params) == (person, "returned", {"n": 1})
    assert notify_many(recipients={"task:1:opened:b": other_person}, kind=engine_kinds.APPROVED) == 0
    assert Notification.objects.count() == 2


def test_more_recipients_cost_no_more_statements():
    def count(n, key):
        people = [UserFactory(email=f"{key}{i}@example.cn") for i in range(n)]
        with statements() as sent:
            notify_many(recipients={f"{key}:{p.pk}": p for p in people}, kind=kinds.INFO)
        return len(sent)

    assert count(1, "one") == count(5, "five")


@pytest.mark.parametrize(
    "recipients, kind",
    [
        ({"": "person"}, kinds.INFO),
        ({"has space": "person"}, kinds.INFO),
        ({"k:1": "not a user"}, kinds.INFO),
        ({"k:1": "person"}, "no_such_kind"),
    ],
)
def test_bad_input_writes_nothing(person, recipients, kind):
    recipients = {key: person if value == "person" else value for key, value in recipients.items()}
    with pytest.raises(ValidationError):
        notify_many(recipients={"k:0": person, **recipients}, kind=kind)
    assert not Notification.objects.exists()
