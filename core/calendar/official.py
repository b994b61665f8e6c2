"""The official calendar as the `chinesecalendar` package knows it (State Council announcements).

Pure functions, no models: the seeding migration uses them as well as the services.
"""

from datetime import date, timedelta

import chinese_calendar
from chinese_calendar import constants

# The package stores English names; the calendar table shows the Chinese ones.
_CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in constants.Holiday}
_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


def covered_years() -> range:
    """The years the installed package has data for (it raises outside them)."""
    return range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


def days_of_year(year: int):
    """Yield (date, is_working, note) for every day of a year."""
    day = date(year, 1, 1)
    while day.year == year:
        yield day, day.weekday() < 5, ""
        day += timedelta(days=1)


def official_days_of_year(year: int):
    """Yield (date, is_working, note) for every day of a year the package covers.

    Holidays carry the festival's name; make-up working days (调休上班) are working days whose
    note says which holiday they make up for.
    """
    if year not in covered_years():
        raise ValueError(f"chinesecalendar has no data for {year}")
    for day, is_working, _ in days_of_year(year):
        name = chinese_calendar.holidays.get(day) or chinese_calendar.workdays.get(day)
        if name is None:
            yield day, is_working, ""
            continue
        chinese = _CHINESE_NAMES.get(name, name)
        chinese = _FULL_NAMES.get(chinese, chinese)
        if day in chinese_calendar.holidays:
            yield day, False, chinese
        else:
            yield day, True, f"调休上班（{chinese}）"
