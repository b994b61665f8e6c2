from django.utils.translation import gettext


class CalendarYearMissing(Exception):
    """A date falls in a year for which nobody has entered the working-day calendar.

    Callers that must not block (the engine's deadlines) catch this, keep the deadline pending and
    recompute it when `calendar_changed` names the year.
    """

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            gettext("%(year)d 年的工作日历尚未录入，请系统管理员在“工作日历”中录入该年度。") % {"year": year}
        )
