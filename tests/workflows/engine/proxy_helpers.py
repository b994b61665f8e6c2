"""Days and people for the 委托 tests: a deputy who may stand in for a principal.

A proxy must hold one of the principal's roles at the same organisation. So that the deputy acts
only through the range (in none of the test city's queues in their own right, offered no task by
handover), the deputy and the principal both get a role no step of the tests waits for: 办公室文书
at the bureau's office.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.orgs.models import Organisation, RoleGrant, User
from core.orgs.roles import OFFICE_CODE, OrgKind, Role
from core.orgs.services import grant_role
from tests.factories import person

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 3, 2)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def colleagues(principal, proxy) -> None:
    """Make `proxy` eligible to stand in for `principal`: both office clerks."""
    bureau = Organisation.objects.filter(kind=OrgKind.BUREAU).first()
    office, _created = Organisation.objects.get_or_create(
        kind=OrgKind.DEPARTMENT, code=OFFICE_CODE, defaults={"name": "办公室", "parent": bureau})
    for user in (principal, proxy):
        if not RoleGrant.objects.filter(user=user, role=Role.OFFICE_CLERK, organisation=office).exists():
            grant_role(user=user, role=Role.OFFICE_CLERK, organisation=office)


def deputy(username="deputy", of=None) -> User:
    """A person with no role in the test city; `of`: a principal they may stand in for."""
    user = person(username)
    if of is not None:
        colleagues(of, user)
    return user
