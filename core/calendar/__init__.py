"""The working-day calendar: which days are working days (调休上班 included), and counting them.

The public API. Its modules load models only inside functions, since this package is also an
installed app (label "workcalendar") and is imported before the app registry is ready.
"""

from core.calendar.exceptions import CalendarYearMissing
from core.calendar.signals import calendar_changed
from core.calendar.testing import install_test_calendar
from core.calendar.working_days import add_working_days, deadline_after, is_working_day, working_days_between

__all__ = [
    "CalendarYearMissing",
    "add_working_days",
    "calendar_changed",
    "deadline_after",
    "install_test_calendar",
    "is_working_day",
    "working_days_between",
]
