"""How a flow declares a step's time limit: `Step(..., limit=WorkingDays(5))`.

Kept free of models so that flows can import it anywhere. A campaign, plan or programme can
override the limit with data (StepDeadlineRule: working days or a fixed date).
"""

from dataclasses import dataclass

from django.utils.translation import ngettext

# About a year of working days: wide enough for a rectification period, narrow enough to catch a typo.
MAX_WORKING_DAYS = 250

@dataclass(frozen=True)
class WorkingDays:
    """Due at the end of the working day (17:30 local) that is the N-th working day after the
    task opens, on the official calendar (调休 included)."""

    days: int

    def __post_init__(self):
        if isinstance(self.days, bool) or not isinstance(self.days, int) or not 1 <= self.days <= MAX_WORKING_DAYS:
            raise ValueError(f"WorkingDays needs 1..{MAX_WORKING_DAYS} days, not {self.days!r}")

    def __str__(self):
        return ngettext("%(n)d个工作日", "%(n)d个工作日", self.days) % {"n": self.days}
