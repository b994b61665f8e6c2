"""The working-day calendar read once, for computing many deadlines in memory.

`core.calendar.deadline_after` costs two queries per call; recomputing every pending deadline
after a year is entered would cost two per task, and opening one task (its deadline, then each
reminder and escalation counted back or on from it) ten. A snapshot reads the covered years and
the working days from a first day on (one statement) and answers with the same rules:
"N working days after D" is the N-th working day strictly after D ("-N": before D), and a count
that starts in, or runs into, a year without calendar data raises CalendarYearMissing for that
year. A count that needs days before the first day raises ValueError (the caller counts that one
on core.calendar).
"""

from bisect import bisect_left, bisect_right
from datetime import date, datetime

from django.db.models import DateField, IntegerField, Value
from django.utils import timezone

from core.calendar.exceptions import CalendarYearMissing
from core.calendar.working_days import workday_end


class CalendarSnapshot:
    def __init__(self, *, covered: set[int], working: list[date], first_year: int, since: date | None = None):
        self.covered = covered
        self.working = working  # sorted working days from `since` on
        self.first_year = first_year
        self.since = since or date(first_year, 1, 1)

    @classmethod
    def load(cls, *, first_year: int | None = None, since: date | None = None) -> "CalendarSnapshot":
        """Every covered year, and the working days from 1 January of `first_year` on, or from
        the day `since` on."""
        from core.calendar.models import CalendarDay, CalendarYear

        if (first_year is None) == (since is None):
            raise TypeError("load() needs first_year or since")
        since = since or date(first_year, 1, 1)
        # One statement: the working days as (date, NULL) and the covered years as (NULL, year).
        days = CalendarDay.objects.filter(is_working=True, date__gte=since).order_by().values_list(
            "date", Value(None, output_field=IntegerField())
        )
        years = CalendarYear.objects.order_by().values_list(Value(None, output_field=DateField()), "year")
        covered, working = set(), []
        for day, year in days.union(years, all=True):
            if day is None:
                covered.add(year)
            else:
                working.append(day)
        working.sort()
        return cls(covered=covered, working=working, first_year=since.year, since=since)

    def add_working_days(self, start: date, days: int) -> date:
        """Like core.calendar.add_working_days, for a `start` on or after the first day and, when
        counting back, an answer on or after it too (else ValueError)."""
        if start < self.since:
            raise ValueError("a snapshot counts from its first day only")
        if start.year not in self.covered:
            raise CalendarYearMissing(start.year)
        if days == 0:
            return start
        if days < 0:
            return self._back(start, -days)
        last = start.year
        while last + 1 in self.covered:
            last += 1
        index = bisect_right(self.working, start) + days - 1
        if index < len(self.working) and self.working[index].year <= last:
            return self.working[index]
        raise CalendarYearMissing(last + 1)

    def _back(self, start: date, days: int) -> date:
        first = start.year
        while first - 1 in self.covered:
            first -= 1
        index = bisect_left(self.working, start) - days
        if index >= 0 and self.working[index].year >= first:
            return self.working[index]
        if self.since <= date(first, 1, 1):
            # Every working day of the run is loaded, so the count runs out of covered years.
            raise CalendarYearMissing(first - 1)
        raise ValueError("a snapshot cannot count back past its first day")

    def deadline_after(self, moment: datetime, days: int) -> datetime:
        """Like core.calendar.deadline_after: 17:30 local on the `days`-th working day after."""
        zone = timezone.get_default_timezone()
        due = self.add_working_days(timezone.localtime(moment, zone).date(), days)
        return datetime.combine(due, workday_end(), tzinfo=zone)
