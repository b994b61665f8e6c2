"""The inbox over the API: list (paginated, unread filter), unread count, mark one and all read,
404 for someone else's id, 401 without credentials."""

import pytest

from notifications.api import notify
from notifications.models import Notification
from tests.factories import UserFactory
from tests.workflows.api.helpers import client_for
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory()


@pytest.fixture
def other_person():
    return UserFactory()


def _notify(user, n):
    return [notify(key=f"{user.pk}:{i}", recipient=user, kind=engine_kinds.URGED, params={"title": f"事项{i}"},
                   link=f"/work/items/{i}/") for i in range(n)]


def test_anonymous_gets_401():
    api = client_for(None)
    for method, url in [("get", "/api/v1/notifications/"), ("get", "/api/v1/notifications/unread-count/"),
                        ("post", "/api/v1/notifications/read-all/"), ("post", "/api/v1/notifications/1/read/")]:
        response = getattr(api, method)(url)
        assert response.status_code == 401, url
        assert response.json()["code"] == "not_authenticated"


def test_list_count_and_filter(person, other_person):
    first, second, third = _notify(person, 3)
    _notify(other_person, 2)
    api = client_for(person)
    listed = api.get("/api/v1/notifications/").json()
    assert listed["count"] == 3
    assert [row["id"] for row in listed["results"]] == [third.pk, second.pk, first.pk]
    row = listed["results"][0]
    assert row["subject"] == "催办：事项2" and row["kind"] == "urged" and row["link"] == "/work/items/2/"
    assert row["read_at"] is None
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}

    assert api.post(f"/api/v1/notifications/{first.pk}/read/").json()["read_at"] is not None
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    unread = api.get("/api/v1/notifications/?unread=true").json()["results"]
    assert [row["id"] for row in unread] == [third.pk, second.pk]
    read = api.get("/api/v1/notifications/?unread=false").json()["results"]
    assert [row["id"] for row in read] == [first.pk]


def test_paginated(person):
    _notify(person, 5)
    page = client_for(person).get("/api/v1/notifications/?page_size=2&page=3").json()
    assert page["count"] == 5 and len(page["results"]) == 1 and page["next"] is None


def test_bad_filter_is_400(person):
    response = client_for(person).get("/api/v1/notifications/?unread=perhaps")
    assert response.status_code == 400 and "unread" in response.json()["fields"]


def test_mark_all_read(person, other_person):
    _notify(person, 3)
    _notify(other_person, 1)
    api = client_for(person, session=False)
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 3}
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 0}
    assert Notification.objects.filter(recipient=other_person, read_at__isnull=True).count() == 1


def test_someone_elses_id_is_404(person, other_person):
    (theirs,) = _notify(other_person, 1)
    response = client_for(person).post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert "事项0" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client_for(person).post("/api/v1/notifications/999999/read/").status_code == 404
