"""A year as twelve month grids (Monday first), for the page that confirms a notice before saving."""

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Cell:
    date: date
    is_working: bool
    note: str
    changes: bool  # differs from what the calendar holds now

    @property
    def kind(self) -> str:
        if not self.is_working:
            return "holiday" if self.note else "weekend"
        return "makeup" if self.note else "working"


def year_grid(year: int, status_of, stored: dict | None = None) -> list[dict]:
    """[{month, weeks: [[Cell | None] * 7]}]; status_of(date) -> (is_working, note); `stored`
    maps date -> (is_working, note) as saved now (None: the year is not covered yet)."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                is_working, note = status_of(day)
                changes = stored is not None and stored.get(day) != (is_working, note)
                row.append(Cell(day, is_working, note, changes))
            weeks.append(row)
        months.append({"month": month, "weeks": weeks})
    return months
