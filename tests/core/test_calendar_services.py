"""Entering a year, correcting days, the calendar_changed signal and install_test_calendar."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from core.calendar import (
    CalendarYearMissing,
    add_working_days,
    install_test_calendar,
    is_working_day,
)
from core.calendar.models import CalendarDay, CalendarSource, CalendarYear
from core.calendar.services import correct_days, enter_year
from tests.core.calendar_helpers import admin_user, announced  # noqa: F401


def _snapshot():
    return list(CalendarYear.objects.values_list("year", "source")), list(
        CalendarDay.objects.order_by("date").values_list("date", "is_working", "note")
    )


@pytest.mark.django_db
class TestEnterYear:
    def test_creates_every_day_with_weekends_off_and_announces_after_commit(
        self, admin_user, announced, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            calendar_year = enter_year(year=2027, by=admin_user)
            assert announced == []  # not before the transaction commits
        assert announced == [[2027]]
        assert calendar_year.source == CalendarSource.ADMIN and calendar_year.entered_by == admin_user
        days = CalendarDay.objects.filter(year=2027)
        assert days.count() == 365
        assert days.filter(is_working=True).count() == 261
        assert not is_working_day(date(2027, 1, 2))  # Saturday
        assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)  # no holidays yet

    def test_nothing_is_announced_when_the_transaction_rolls_back(self, announced, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError), transaction.atomic():
                enter_year(year=2027)
                raise RuntimeError("the caller failed later")
        assert announced == []
        assert not CalendarYear.objects.filter(year=2027).exists()

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"year": 2021}, "2021 年的工作日历已录入"),
            ({"year": 1999}, "年度须在 2000 至 2100 之间"),
            ({"year": 20227}, "年度须在 2000 至 2100 之间"),
            ({"year": "2027"}, "年度须在 2000 至 2100 之间"),
            ({"year": 2027, "source": "guess"}, "未知的日历来源"),
            ({"year": 2027, "source": CalendarSource.CHINESECALENDAR}, "chinesecalendar 软件包没有 2027 年的数据"),
        ],
    )
    def test_bad_input_is_refused_and_writes_nothing(
        self, kwargs, message, announced, django_capture_on_commit_callbacks
    ):
        before = _snapshot()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as raised:
            enter_year(**kwargs)
        assert message in " ".join(raised.value.messages)
        assert _snapshot() == before
        assert announced == []

    def test_a_package_year_can_be_entered_again_from_the_package(self):
        CalendarYear.objects.filter(year=2021).delete()
        with pytest.raises(CalendarYearMissing):
            is_working_day(date(2021, 10, 9))
        enter_year(year=2021, source=CalendarSource.CHINESECALENDAR)
        assert is_working_day(date(2021, 10, 9))
        assert CalendarDay.objects.get(date=date(2021, 10, 1)).note == "国庆节"


@pytest.mark.django_db
class TestCorrectDays:
    def test_marks_holidays_and_make_up_days_and_announces_each_call(
        self, admin_user, announced, django_capture_on_commit_callbacks
    ):
        enter_year(year=2027)
        spring_festival = [date(2027, 2, day) for day in range(6, 13)]
        with django_capture_on_commit_callbacks(execute=True):
            changed = correct_days(dates=spring_festival, is_working=False, note="春节", by=admin_user)
            correct_days(dates=[date(2027, 2, 14)], is_working=True, note="调休上班（春节）", by=admin_user)
            assert announced == []
        assert announced == [[2027], [2027]]
        assert len(changed) == 7  # the weekend of Feb 6-7 was off already, but gets the note
        assert not any(is_working_day(day) for day in spring_festival)
        assert CalendarDay.objects.get(date=date(2027, 2, 6)).note == "春节"
        make_up = CalendarDay.objects.get(date=date(2027, 2, 14))
        assert make_up.is_working and make_up.updated_by == admin_user and make_up.updated_at
        assert add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 14)

    def test_a_correction_that_changes_nothing_is_not_announced(self, announced, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            changed = correct_days(dates=[date(2021, 10, 1)], is_working=False, by=None)
        assert changed == [] and announced == []

    def test_none_keeps_each_note(self):
        correct_days(dates=[date(2021, 10, 1), date(2021, 10, 9)], is_working=True, by=None)
        assert CalendarDay.objects.get(date=date(2021, 10, 1)).note == "国庆节"

    def test_corrections_to_two_years_announce_both(self, announced, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            correct_days(dates=[date(2022, 1, 3), date(2021, 12, 31)], is_working=False, note="测试", by=None)
        assert announced == [[2021, 2022]]

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"dates": []}, "请至少选择一天"),
            ({"dates": [date(2021, 10, 8), date(2027, 1, 4)]}, "2027 年的工作日历尚未录入"),
            ({"dates": [date(2021, 10, 8)], "note": "节" * 51}, "说明最多 50 个字"),
        ],
    )
    def test_bad_input_is_refused_and_writes_nothing(
        self, kwargs, message, announced, django_capture_on_commit_callbacks
    ):
        before = _snapshot()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as raised:
            correct_days(is_working=False, by=None, **kwargs)
        assert message in " ".join(raised.value.messages)
        assert _snapshot() == before
        assert announced == []


@pytest.mark.django_db
def test_install_test_calendar_fills_only_missing_years_with_monday_to_friday():
    assert install_test_calendar([2026, 2027]) == [2027]
    assert CalendarYear.objects.get(year=2027).source == CalendarSource.TEST
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.CHINESECALENDAR
    assert add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 4)
    assert not CalendarDay.objects.filter(year=2027).exclude(note="").exists()
    assert install_test_calendar([2027]) == []


@pytest.mark.django_db
def test_install_test_calendar_restores_a_package_year_with_its_holidays():
    CalendarYear.objects.filter(year=2021).delete()
    assert install_test_calendar([2021]) == [2021]
    assert add_working_days(date(2021, 9, 30), 2) == date(2021, 10, 9)


@pytest.mark.django_db(transaction=True)
def test_the_signal_waits_for_a_real_commit(announced):
    # A transactional test: the tables may have been emptied by an earlier one, as in any test
    # that runs other processes; install_test_calendar puts back what it needs.
    install_test_calendar([2021, 2027])
    announced.clear()
    with transaction.atomic():
        correct_days(dates=[date(2027, 1, 1)], is_working=False, note="元旦", by=None)
        assert announced == []
    assert announced == [[2027]]
    assert not is_working_day(date(2027, 1, 1))
    assert add_working_days(date(2021, 9, 30), 2) == date(2021, 10, 9)
