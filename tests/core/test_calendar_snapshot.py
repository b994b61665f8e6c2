"""A calendar snapshot answers exactly like core.calendar, from two queries in all."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import calendar as workcal
from core.calendar import install_test_calendar
from core.calendar.models import CalendarYear
from core.calendar.snapshot import CalendarSnapshot


def local(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.get_default_timezone())


def outcome(count, *args):
    try:
        return count(*args)
    except workcal.CalendarYearMissing as exc:
        return ("missing", exc.year)


@pytest.fixture
def calendar(db):
    install_test_calendar([2020, 2021, 2022, 2026])
    CalendarYear.objects.filter(year__in=[2023, 2027]).delete()  # two gaps
    with CaptureQueriesContext(connection) as queries:
        snapshot = CalendarSnapshot.load(first_year=2020)
    assert len(queries) == 1  # covered years and working days in one statement
    return snapshot


def test_the_snapshot_counts_like_the_calendar_around_holidays_and_gaps(calendar):
    starts = [date(2021, 9, 20) + timedelta(days=n) for n in range(25)]  # National Day, 调休 Saturdays
    starts += [date(2020, 12, 30), date(2022, 12, 28), date(2022, 12, 31), date(2026, 12, 25), date(2023, 5, 1)]
    for start in starts:
        for days in (0, 1, 2, 5, 10, 30):
            assert outcome(calendar.add_working_days, start, days) == outcome(workcal.add_working_days, start, days), (
                start, days
            )


def test_the_snapshot_gives_the_same_deadline_moment(calendar):
    moment = local(2021, 9, 30, 23, 30)  # late evening: the local date counts, not UTC's
    assert calendar.deadline_after(moment, 2) == workcal.deadline_after(moment, 2) == local(2021, 10, 9, 17, 30)


def test_the_snapshot_counts_back_like_the_calendar(calendar):
    starts = [date(2021, 10, 8) + timedelta(days=n) for n in range(10)]  # back across National Day
    # ... across New Year, into a gap (2023) and from inside one
    starts += [date(2020, 3, 2), date(2022, 1, 4), date(2024, 1, 2), date(2026, 1, 5), date(2023, 5, 1)]
    for start in starts:
        for days in (-1, -2, -5, -30):
            assert outcome(calendar.add_working_days, start, days) == outcome(workcal.add_working_days, start, days), (
                start, days
            )


def test_the_snapshot_counts_from_its_first_day_only(calendar):
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2019, 12, 30), 1)
    late = CalendarSnapshot.load(since=date(2021, 10, 8))
    assert late.add_working_days(date(2021, 10, 12), -2) == workcal.add_working_days(date(2021, 10, 12), -2)
    with pytest.raises(ValueError):
        late.add_working_days(date(2021, 10, 12), -4)  # 30 September: before its first day
    with pytest.raises(ValueError):
        late.add_working_days(date(2021, 10, 7), 1)
