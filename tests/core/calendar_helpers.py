"""Fixtures shared by the calendar tests; import them into a test module to use them."""

import pytest

from core.calendar import calendar_changed


@pytest.fixture
def announced():
    """The `years` lists calendar_changed was sent with, in order."""
    received = []

    def receiver(sender, years, **kwargs):
        received.append(years)

    calendar_changed.connect(receiver, dispatch_uid="calendar-tests-receiver")
    yield received
    calendar_changed.disconnect(dispatch_uid="calendar-tests-receiver")


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("calendar-admin", password="x-Secret-123")
