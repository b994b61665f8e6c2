"""The inbox services: unread count, mark one or all read, only one's own."""

import pytest

from notifications import kinds
from notifications.api import notify
from notifications.inbox import inbox, mark_all_read, mark_read, unread_count
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_unread_count_mark_one_and_all(person, other_person):
    first = notify(key="a", recipient=person, kind=kinds.INFO)
    notify(key="b", recipient=person, kind=kinds.INFO)
    notify(key="c", recipient=other_person, kind=kinds.INFO)
    assert unread_count(user=person) == 2
    assert [n.key for n in inbox(user=person)] == ["b", "a"]

    read = mark_read(user=person, notification_id=first.pk)
    when = read.read_at
    assert when is not None and unread_count(user=person) == 1
    assert mark_read(user=person, notification_id=first.pk).read_at == when  # first reading time stays

    assert mark_all_read(user=person) == 1
    assert unread_count(user=person) == 0 and mark_all_read(user=person) == 0
    assert unread_count(user=other_person) == 1


def test_someone_elses_notification_is_not_found(person, other_person):
    theirs = notify(key="c", recipient=other_person, kind=kinds.INFO)
    with pytest.raises(Notification.DoesNotExist):
        mark_read(user=person, notification_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.read_at is None
