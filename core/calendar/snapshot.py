"""The working-day calendar read once, for computing many deadlines in memory.

`core.calendar.deadline_after` costs two queries per call; recomputing every pending deadline
after a year is entered would cost two per task. A snapshot reads the covered years and the
working days from a first year on (two queries in all) and answers with the same rules:
"N working days after D" is the N-th working day strictly after D, and a count that starts in,
or runs into, a year without calendar data raises CalendarYearMissing for that year.
"""

from bisect import bisect_right
from datetime import date, datetime

from django.utils import timezone

from core.calendar.exceptions import CalendarYearMissing
from core.calendar.working_days import workday_end


class CalendarSnapshot:
    def __init__(self, *, covered: set[int], working: list[date], first_year: int):
        self.covered = covered
        self.working = working  # sorted working days from 1 January of first_year on
        self.first_year = first_year

    @classmethod
    def load(cls, *, first_year: int) -> "CalendarSnapshot":
        """Every covered year, and the working days from 1 January of `first_year` on."""
        from core.calendar.models import CalendarDay, CalendarYear

        covered = set(CalendarYear.objects.values_list("year", flat=True))
        working = list(
            CalendarDay.objects.filter(is_working=True, date__gte=date(first_year, 1, 1))
            .order_by("date")
            .values_list("date", flat=True)
        )
        return cls(covered=covered, working=working, first_year=first_year)

    def add_working_days(self, start: date, days: int) -> date:
        """Like core.calendar.add_working_days, for `days` >= 0 and `start` in or after first_year."""
        if days < 0 or start.year < self.first_year:
            raise ValueError("a snapshot counts forward from its first year only")
        if start.year not in self.covered:
            raise CalendarYearMissing(start.year)
        if days == 0:
            return start
        last = start.year
        while last + 1 in self.covered:
            last += 1
        index = bisect_right(self.working, start) + days - 1
        if index < len(self.working) and self.working[index].year <= last:
            return self.working[index]
        raise CalendarYearMissing(last + 1)

    def deadline_after(self, moment: datetime, days: int) -> datetime:
        """Like core.calendar.deadline_after: 17:30 local on the `days`-th working day after."""
        zone = timezone.get_default_timezone()
        due = self.add_working_days(timezone.localtime(moment, zone).date(), days)
        return datetime.combine(due, workday_end(), tzinfo=zone)
