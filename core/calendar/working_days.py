"""Counting working days on the calendar table: one query for the covered years, one for the days.

Models are imported inside the functions: core.calendar is an installed app and its package
__init__ re-exports these functions, so nothing here may load models at import time.
"""

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core.calendar.exceptions import CalendarYearMissing


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day (调休上班 days are). Raises CalendarYearMissing."""
    from core.calendar.models import CalendarDay

    _check_date(day)
    # A day row exists exactly when its year is covered: years are always entered whole.
    found = CalendarDay.objects.filter(date=day).values_list("is_working", flat=True).first()
    if found is None:
        raise CalendarYearMissing(day.year)
    return found


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day strictly after `start` (before it when `days` is negative).

    `days == 0` returns `start` itself, working day or not. Raises CalendarYearMissing for the
    first uncovered year that `start` lies in or that the count runs into.
    """
    from core.calendar.models import CalendarDay

    _check_date(start)
    _check_count(days)
    covered = _covered_years()
    if start.year not in covered:
        raise CalendarYearMissing(start.year)
    if days == 0:
        return start
    # Only search the run of covered years around `start`: a gap must raise, not be skipped.
    if days > 0:
        last = _edge_of_run(covered, start.year, step=1)
        working = CalendarDay.objects.filter(is_working=True, date__gt=start, date__lte=date(last, 12, 31))
        found = working.order_by("date").values_list("date", flat=True)[days - 1 : days]
        missing_year = last + 1
    else:
        first = _edge_of_run(covered, start.year, step=-1)
        working = CalendarDay.objects.filter(is_working=True, date__lt=start, date__gte=date(first, 1, 1))
        found = working.order_by("-date").values_list("date", flat=True)[-days - 1 : -days]
        missing_year = first - 1
    found = list(found)
    if not found:
        raise CalendarYearMissing(missing_year)
    return found[0]


def working_days_between(a: date, b: date) -> int:
    """How many working days to add to `a` to reach `b`.

    For b >= a: the working days d with a < d <= b. For b < a: minus the working days d with
    b <= d < a. So working_days_between(a, add_working_days(a, n)) == n for every n != 0.
    """
    from core.calendar.models import CalendarDay

    _check_date(a)
    _check_date(b)
    covered = _covered_years()
    low, high = sorted((a, b))
    for year in range(low.year, high.year + 1):
        if year not in covered:
            raise CalendarYearMissing(year)
    working = CalendarDay.objects.filter(is_working=True)
    if a <= b:
        return working.filter(date__gt=a, date__lte=b).count()
    return -working.filter(date__gte=b, date__lt=a).count()


def deadline_after(moment: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after `moment`'s local date, as an aware datetime.

    "Local" and "end" are the project's time zone (Asia/Shanghai) and settings.WORKDAY_END.
    Raises CalendarYearMissing like add_working_days.
    """
    if not isinstance(moment, datetime):
        raise TypeError(f"deadline_after needs a datetime, not {type(moment).__name__}")
    if timezone.is_naive(moment):
        raise ValueError("deadline_after needs an aware datetime")
    zone = timezone.get_default_timezone()
    due = add_working_days(timezone.localtime(moment, zone).date(), days)
    return datetime.combine(due, workday_end(), tzinfo=zone)


def workday_end() -> time:
    """settings.WORKDAY_END ("17:30") as a time."""
    try:
        return time.fromisoformat(settings.WORKDAY_END)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"WORKDAY_END must be HH:MM, not {settings.WORKDAY_END!r}") from error


def _covered_years() -> set[int]:
    from core.calendar.models import CalendarYear

    return set(CalendarYear.objects.values_list("year", flat=True))


def _edge_of_run(covered: set[int], year: int, *, step: int) -> int:
    while year + step in covered:
        year += step
    return year


def _check_date(day) -> None:
    # A datetime is a date too, but its year and day depend on a time zone: make callers choose.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a date, not {type(day).__name__}")


def _check_count(days) -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"the number of working days must be an int, not {type(days).__name__}")
