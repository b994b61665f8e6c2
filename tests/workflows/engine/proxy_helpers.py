"""Days and people for the 委托 tests: a deputy with no roles of their own."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.orgs.models import User
from tests.factories import person

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 3, 2)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def deputy(username="deputy") -> User:
    return person(username)
