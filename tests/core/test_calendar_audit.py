"""Entering a year and correcting days move deadlines, so both are in the audit log."""

from datetime import date

import pytest

from core.audit.models import AuditEvent
from core.calendar.models import CalendarYear
from core.calendar.services import correct_days, enter_year
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _events(year):
    return list(AuditEvent.objects.filter(object_id=str(year), content_type__model="calendaryear").order_by("seq"))


def test_entering_a_year_is_audited_with_who_and_how():
    admin = UserFactory()
    enter_year(year=2031, by=admin)
    (event,) = _events(2031)
    assert event.action == "calendar.year_entered"
    assert event.actor == admin
    assert event.data["source"] == "admin"
    assert event.data["working_days"] == 261  # 2031: Mon–Fri before holidays are marked


def test_correcting_days_is_audited_per_year_with_the_dates():
    admin = UserFactory()
    enter_year(year=2031, by=admin)
    correct_days(dates=[date(2031, 10, 1), date(2031, 10, 2)], is_working=False, by=admin, note="国庆节")
    corrected = _events(2031)[-1]
    assert corrected.action == "calendar.days_corrected"
    assert corrected.data == {"dates": ["2031-10-01", "2031-10-02"], "is_working": False}
    assert corrected.comment == "国庆节"


def test_a_correction_that_changes_nothing_writes_no_event():
    admin = UserFactory()
    enter_year(year=2031, by=admin)
    correct_days(dates=[date(2031, 10, 4)], is_working=False, by=admin)  # already a Saturday off
    assert [e.action for e in _events(2031)] == ["calendar.year_entered"]


def test_a_refused_entry_writes_no_event():
    enter_year(year=2031)
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):
        enter_year(year=2031)
    assert AuditEvent.objects.count() == before
    assert CalendarYear.objects.filter(year=2031).count() == 1
