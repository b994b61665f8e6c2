"""A calendar for tests that cannot freeze time."""

from collections.abc import Iterable


def install_test_calendar(years: Iterable[int]) -> list[int]:
    """Make sure each of `years` is covered; return the years it had to enter.

    For tests that start other processes (a web server, a Celery worker, `make run`): those
    processes run on the real clock, so "today" may fall in a year nobody has entered yet (the
    package's data ends at 2026). Call it with this year and next, e.g.
    `install_test_calendar([today.year, today.year + 1])`, in a transaction the other processes
    can see (a `transaction=True` test commits it).

    A year that is already covered is left alone. A missing year the chinesecalendar package
    covers gets its official days back (a transactional test's flush empties the tables that the
    migration seeded); any other year gets a plain calendar: Monday to Friday working, weekends
    off, no holidays, recorded with source "test". Entering a year sends calendar_changed.
    """
    from core.calendar import official
    from core.calendar.models import CalendarSource, CalendarYear
    from core.calendar.services import enter_year

    wanted = sorted(set(years))
    covered = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    entered = []
    for year in wanted:
        if year in covered:
            continue
        source = CalendarSource.CHINESECALENDAR if year in official.covered_years() else CalendarSource.TEST
        enter_year(year=year, source=source)
        entered.append(year)
    return entered
