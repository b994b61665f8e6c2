"""Counting working days on the seeded official calendar (real 调休), and the uncovered-year error."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings, strategies as st

from core.calendar import (
    CalendarYearMissing,
    add_working_days,
    deadline_after,
    is_working_day,
    working_days_between,
)
from core.calendar.models import CalendarDay, CalendarSource, CalendarYear
from core.calendar.services import enter_year

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_migration_seeds_every_year_the_package_covers():
    years = dict(CalendarYear.objects.values_list("year", "source"))
    assert min(years) == 2004 and max(years) == 2026
    assert set(years) == set(range(2004, 2027))
    assert set(years.values()) == {CalendarSource.CHINESECALENDAR}
    assert CalendarDay.objects.filter(year=2024).count() == 366
    assert CalendarDay.objects.filter(year=2026).count() == 365


def test_2021_national_day_holidays_and_make_up_days():
    assert add_working_days(date(2021, 9, 30), 1) == date(2021, 10, 8)
    saturday = add_working_days(date(2021, 9, 30), 2)
    assert saturday == date(2021, 10, 9) and saturday.weekday() == 5
    assert is_working_day(date(2021, 10, 9))
    assert is_working_day(date(2021, 9, 26))  # Sunday make-up day before the holiday
    assert not is_working_day(date(2021, 10, 1))
    assert not is_working_day(date(2021, 10, 7))  # Thursday, inside the holiday
    assert CalendarDay.objects.get(date=date(2021, 10, 1)).note == "国庆节"
    assert CalendarDay.objects.get(date=date(2021, 10, 9)).note == "调休上班（国庆节）"


def test_2021_national_day_counting_backwards():
    assert add_working_days(date(2021, 10, 8), -1) == date(2021, 9, 30)
    assert add_working_days(date(2021, 10, 11), -1) == date(2021, 10, 9)  # Monday back to Saturday
    assert add_working_days(date(2021, 10, 11), -3) == date(2021, 9, 30)
    # Sept 27-30 are four working days; the fifth back is Sunday the 26th, a make-up day.
    assert add_working_days(date(2021, 10, 8), -5) == date(2021, 9, 26)
    assert add_working_days(date(2021, 10, 8), -6) == date(2021, 9, 24)


def test_2024_spring_festival_with_its_make_up_sundays():
    # Holiday Feb 10-17; Sunday Feb 4 and Sunday Feb 18 are working days.
    assert is_working_day(date(2024, 2, 4)) and date(2024, 2, 4).weekday() == 6
    assert is_working_day(date(2024, 2, 18)) and date(2024, 2, 18).weekday() == 6
    assert not is_working_day(date(2024, 2, 3))  # an ordinary Saturday
    assert not any(is_working_day(date(2024, 2, day)) for day in range(10, 18))
    assert add_working_days(date(2024, 2, 2), 1) == date(2024, 2, 4)
    assert add_working_days(date(2024, 2, 9), 1) == date(2024, 2, 18)
    assert add_working_days(date(2024, 2, 8), 2) == date(2024, 2, 18)
    assert add_working_days(date(2024, 2, 19), -1) == date(2024, 2, 18)
    assert add_working_days(date(2024, 2, 19), -2) == date(2024, 2, 9)
    assert add_working_days(date(2024, 2, 5), -1) == date(2024, 2, 4)
    assert CalendarDay.objects.get(date=date(2024, 2, 18)).note == "调休上班（春节）"


def test_zero_days_is_the_start_itself():
    assert add_working_days(date(2021, 10, 2), 0) == date(2021, 10, 2)


def test_counting_across_new_year():
    # 2021-01-01..03 is the New Year holiday.
    assert add_working_days(date(2020, 12, 31), 1) == date(2021, 1, 4)
    assert add_working_days(date(2021, 1, 4), -1) == date(2020, 12, 31)


def test_working_days_between():
    assert working_days_between(date(2021, 9, 30), date(2021, 10, 8)) == 1
    assert working_days_between(date(2021, 9, 30), date(2021, 10, 9)) == 2
    assert working_days_between(date(2021, 10, 1), date(2021, 10, 7)) == 0
    assert working_days_between(date(2024, 2, 9), date(2024, 2, 19)) == 2
    assert working_days_between(date(2021, 10, 8), date(2021, 9, 30)) == -1
    assert working_days_between(date(2021, 10, 11), date(2021, 9, 30)) == -3
    assert working_days_between(date(2021, 5, 6), date(2021, 5, 6)) == 0
    official = sum(chinese_calendar.is_workday(date(2023, 1, 1) + timedelta(n)) for n in range(365))
    assert working_days_between(date(2022, 12, 31), date(2023, 12, 31)) == official


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    # ±400 working days is about 1.6 years: keep both ends inside the package's data (2004–2026).
    start=st.dates(min_value=date(2006, 1, 1), max_value=date(2024, 12, 31)),
    days=st.integers(min_value=-400, max_value=400).filter(bool),
)
def test_counting_agrees_with_the_package_and_inverts(start, days):
    expected, step, left = start, (1 if days > 0 else -1), abs(days)
    while left:
        expected += timedelta(step)
        left -= chinese_calendar.is_workday(expected)
    assert add_working_days(start, days) == expected
    assert working_days_between(start, expected) == days


def test_deadline_is_the_end_of_the_working_day_in_shanghai():
    # 16:30 UTC on Friday Oct 8 is already Saturday Oct 9 (a make-up day) in Shanghai.
    moment = datetime(2021, 10, 8, 16, 30, tzinfo=UTC)
    assert deadline_after(moment, 1) == datetime(2021, 10, 11, 17, 30, tzinfo=SHANGHAI)
    assert deadline_after(moment, 0) == datetime(2021, 10, 9, 17, 30, tzinfo=SHANGHAI)
    due = deadline_after(datetime(2021, 9, 30, 9, 0, tzinfo=SHANGHAI), 1)
    assert due == datetime(2021, 10, 8, 9, 30, tzinfo=UTC)
    assert due.utcoffset() == timedelta(hours=8)


def test_deadline_end_of_day_comes_from_settings(settings):
    settings.WORKDAY_END = "18:00"
    moment = datetime(2024, 2, 9, 20, 0, tzinfo=SHANGHAI)
    assert deadline_after(moment, 1) == datetime(2024, 2, 18, 18, 0, tzinfo=SHANGHAI)
    settings.WORKDAY_END = "half past five"
    with pytest.raises(ImproperlyConfigured):
        deadline_after(moment, 1)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        deadline_after(datetime(2021, 9, 30, 9, 0), 1)  # naive
    with pytest.raises(TypeError):
        deadline_after(date(2021, 9, 30), 1)
    with pytest.raises(TypeError):
        add_working_days(datetime(2021, 9, 30, tzinfo=UTC), 1)
    with pytest.raises(TypeError):
        add_working_days(date(2021, 9, 30), 1.5)
    with pytest.raises(TypeError):
        add_working_days(date(2021, 9, 30), True)


@pytest.mark.parametrize(
    "call, year",
    [
        (lambda: add_working_days(date(2027, 3, 1), 1), 2027),
        (lambda: add_working_days(date(2026, 12, 25), 5), 2027),  # runs out of 2026
        (lambda: add_working_days(date(2004, 1, 5), -5), 2003),
        (lambda: is_working_day(date(2030, 1, 1)), 2030),
        (lambda: working_days_between(date(2026, 1, 1), date(2028, 1, 1)), 2027),
        (lambda: working_days_between(date(2003, 6, 1), date(2004, 6, 1)), 2003),
        (lambda: deadline_after(datetime(2026, 12, 31, 9, 0, tzinfo=SHANGHAI), 1), 2027),
    ],
)
def test_an_uncovered_year_raises_naming_it_and_writes_nothing(call, year):
    before = (CalendarYear.objects.count(), CalendarDay.objects.count())
    with CaptureQueriesContext(connection) as queries, pytest.raises(CalendarYearMissing) as raised:
        call()
    assert raised.value.year == year
    assert str(year) in str(raised.value) and "工作日历尚未录入" in str(raised.value)
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries.captured_queries)
    assert (CalendarYear.objects.count(), CalendarDay.objects.count()) == before


def test_the_last_covered_days_still_count():
    assert add_working_days(date(2026, 12, 25), 4) == date(2026, 12, 31)


def test_a_gap_between_covered_years_raises_instead_of_skipping():
    enter_year(year=2028, by=None)
    with pytest.raises(CalendarYearMissing) as raised:
        add_working_days(date(2026, 12, 31), 1)
    assert raised.value.year == 2027
    with pytest.raises(CalendarYearMissing) as raised:
        add_working_days(date(2028, 1, 3), -2)
    assert raised.value.year == 2027


def test_query_counts(django_assert_num_queries):
    with django_assert_num_queries(2):
        assert add_working_days(date(2021, 1, 4), 500) == date(2023, 1, 4)
    with django_assert_num_queries(2):
        add_working_days(date(2021, 10, 8), -250)
    with django_assert_num_queries(1):
        is_working_day(date(2021, 10, 9))
    with django_assert_num_queries(2):
        working_days_between(date(2005, 1, 1), date(2025, 12, 31))
    with django_assert_num_queries(2):
        deadline_after(datetime(2021, 9, 30, 9, 0, tzinfo=SHANGHAI), 20)
