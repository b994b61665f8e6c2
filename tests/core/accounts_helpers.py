"""Small builders shared by the accounts tests: an organisation tree and people with roles."""

import itertools

from axes.models import AccessAttempt

from core.audit.models import AuditEvent
from core.orgs.models import Organisation, Ownership, SchoolType, User
from core.orgs.roles import OrgKind, Role
from core.orgs.services import grant_role

PASSWORD = "Qingshui-Lu-2021"
_codes = itertools.count(2121000001)


def make_tree():
    bureau = Organisation.objects.create(name="沈阳市教育局", kind=OrgKind.BUREAU)
    district = Organisation.objects.create(name="和平区", kind=OrgKind.DISTRICT, parent=bureau)
    return bureau, district


def make_school(district, name="和平区第一小学"):
    return Organisation.objects.create(
        name=name, kind=OrgKind.SCHOOL, parent=district, code=str(next(_codes)),
        school_type=SchoolType.PRIMARY, ownership=Ownership.PUBLIC,
    )


def make_user(username, *, role=None, at=None, full_name="", **fields):
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name or username, **fields)
    if role:
        grant_role(user=user, role=role, organisation=at)
    return user


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def failures(username):
    attempt = AccessAttempt.objects.filter(username=username).first()
    return attempt.failures_since_start if attempt else 0


__all__ = ["PASSWORD", "Role", "make_tree", "make_school", "make_user", "events", "failures"]
