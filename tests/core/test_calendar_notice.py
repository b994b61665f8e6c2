"""The State Council's holiday notice, read (core.calendar.notice) and saved
(core.calendar.services.apply_holiday_notice), on the real notices of 2023 to 2026 checked day by day
against the chinesecalendar package."""

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.calendar.models import CalendarDay, CalendarSource, CalendarYear
from core.calendar.notice import NoticeError, parse_notice
from core.calendar.services import apply_holiday_notice
from tests.core.calendar_helpers import admin_user, announced  # noqa: F401

NOTICES = Path(__file__).parent / "notices"


def notice_text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def every_day(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_real_notice_gives_the_packages_holidays_and_workdays(year):
    notice = parse_notice(notice_text(year))
    assert notice.year == year
    assert set(notice.holidays) == {day for day in chinese_calendar.holidays if day.year == year}
    assert set(notice.workdays) == {day for day in chinese_calendar.workdays if day.year == year}
    # And so every day of the year is working or not as the package says.
    assert [d for d in every_day(year) if notice.day_status(d)[0] != chinese_calendar.is_workday(d)] == []


def test_2023_notice_with_new_year_from_the_last_day_of_2022_and_a_range_across_months():
    notice = parse_notice(notice_text(2023))
    assert notice.outside_year() == [date(2022, 12, 31)]
    assert [d for d in every_day(2023) if notice.day_status(d)[0] != chinese_calendar.is_workday(d)] == []
    assert [d for d in notice.holidays if notice.holidays[d] == "中秋节、国庆节"] == [
        date(2023, 9, 29) + timedelta(days=n) for n in range(8)]


def test_names_and_notes_follow_the_items():
    notice = parse_notice(notice_text(2025))
    assert notice.holidays[date(2025, 1, 28)] == "春节"
    assert notice.holidays[date(2025, 10, 6)] == "国庆节、中秋节"
    assert notice.day_status(date(2025, 4, 27)) == (True, "调休上班（劳动节）")
    assert notice.day_status(date(2025, 3, 1)) == (False, "")  # a plain Saturday
    # The 2024 notice's advice to let staff rest on 除夕 (a Friday) is not a holiday.
    assert date(2024, 2, 9) not in parse_notice(notice_text(2024)).holidays


@pytest.mark.parametrize(
    "broken, line, message",
    [
        ("一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。", 1, "共 4 天，日期范围却是 3 天"),
        ("二、春节：2月15日至23日放假调休，共9天。2月14日（周五）上班。", 1, "与星期不符：2026年2月14日 不是周五"),
        ("三、清明节：4月31日放假。", 1, "“4月31日”不是有效的日期"),
        ("四、劳动节：5月1日至5日放假调休，共5天。5月8日（周五）上班。", 1, "调休上班日 2026年5月8日 不是周末"),
        ("五、端午节：放假三天。", 1, "写有“放假”，但没有可识别的日期"),
        ("六、中秋节：9月20日（周日）上班。", 1, "这一条没有写放假日期"),
        ("七、国庆节：10月7日至1日放假调休。", 1, "结束早于开始"),
        ("八、国庆节：10月1日放假，10月10日上班。", 1, "同时写有放假和上班"),
        ("一、元旦：1月1日放假。\n二、春节：1月1日放假。", 2, "2026年1月1日 在通知中出现了两次"),
    ],
)
def test_an_unreadable_item_is_refused_naming_its_line(broken, line, message):
    text = "国务院办公厅关于2026年部分节假日安排的通知\n" + broken
    with pytest.raises(NoticeError) as caught:
        parse_notice(text)
    assert caught.value.line == line + 1
    assert f"第 {line + 1} 行" in str(caught.value) and message in str(caught.value)


def test_without_title_the_year_must_be_given_and_must_agree():
    body = "一、元旦：1月1日放假，共1天。"
    with pytest.raises(NoticeError, match="未找到年度"):
        parse_notice(body)
    assert parse_notice(body, year=2027).holidays == {date(2027, 1, 1): "元旦"}
    with pytest.raises(NoticeError, match="标题中的年度是 2026 年，与所选的 2027 年不一致"):
        parse_notice(notice_text(2026), year=2027)
    with pytest.raises(NoticeError, match="未找到放假安排条目"):
        parse_notice("国务院办公厅关于2026年部分节假日安排的通知\n各省、自治区、直辖市人民政府：")


def _days(year):
    return list(CalendarDay.objects.filter(year_id=year).order_by("date").values_list("date", "is_working", "note"))


@pytest.mark.django_db
class TestApplyNotice:
    def test_a_year_not_covered_is_entered_whole_audited_and_announced(
        self, admin_user, announced, django_capture_on_commit_callbacks
    ):
        CalendarYear.objects.filter(year=2024).delete()
        with django_capture_on_commit_callbacks(execute=True):
            changed = apply_holiday_notice(notice=parse_notice(notice_text(2024)), by=admin_user)
        assert len(changed) == 366 and announced == [[2024]]
        year = CalendarYear.objects.get(year=2024)
        assert year.source == CalendarSource.NOTICE and year.entered_by == admin_user
        assert [(d, w) for d, w, _n in _days(2024)] == [(d, chinese_calendar.is_workday(d)) for d in every_day(2024)]
        event = AuditEvent.objects.get(action="calendar.notice_applied")
        assert event.actor == admin_user and event.data["entered"] is True
        assert event.data["workdays"][0] == "2024-02-04" and len(event.data["holidays"]) == 28

    def test_the_same_notice_twice_changes_nothing(self, admin_user, announced, django_capture_on_commit_callbacks):
        notice = parse_notice(notice_text(2026))
        # 2026 was seeded from the package: the notice agrees with it to the note.
        before = _days(2026)
        with django_capture_on_commit_callbacks(execute=True):
            assert apply_holiday_notice(notice=notice, by=admin_user) == []
        assert _days(2026) == before and announced == []
        assert not AuditEvent.objects.filter(action="calendar.notice_applied").exists()

    def test_a_corrected_notice_changes_only_its_days(self, admin_user, announced, django_capture_on_commit_callbacks):
        # Suppose 端午 had been announced a week later: only those six days move.
        text = notice_text(2026).replace("6月19日（周五）至21日（周日）", "6月26日（周五）至28日（周日）")
        with django_capture_on_commit_callbacks(execute=True):
            changed = apply_holiday_notice(notice=parse_notice(text), by=admin_user)
        assert changed == [date(2026, 6, d) for d in (19, 20, 21, 26, 27, 28)]
        assert announced == [[2026]]
        day = CalendarDay.objects.get(date=date(2026, 6, 19))
        assert (day.is_working, day.note, day.updated_by) == (True, "", admin_user)
        assert CalendarDay.objects.get(date=date(2026, 6, 26)).note == "端午节"
        event = AuditEvent.objects.get(action="calendar.notice_applied")
        assert event.data["entered"] is False and len(event.data["corrected"]) == 6

    def test_a_day_in_an_uncovered_neighbouring_year_is_refused_and_nothing_is_written(self, admin_user):
        CalendarYear.objects.filter(year__in=[2022, 2023]).delete()
        with pytest.raises(ValidationError, match="通知中有 2022 年的日期，该年度的工作日历尚未录入"):
            apply_holiday_notice(notice=parse_notice(notice_text(2023)), by=admin_user)
        assert not CalendarYear.objects.filter(year=2023).exists()
        assert not AuditEvent.objects.filter(action="calendar.notice_applied").exists()

    def test_the_2023_notice_corrects_new_years_eve_of_2022_in_its_own_year(self, admin_user):
        CalendarYear.objects.filter(year=2023).delete()
        apply_holiday_notice(notice=parse_notice(notice_text(2023)), by=admin_user)
        assert CalendarDay.objects.get(date=date(2022, 12, 31)).is_working is False
        assert [(d, w) for d, w, _n in _days(2023)] == [(d, chinese_calendar.is_workday(d)) for d in every_day(2023)]
