"""Shared by the accounts tests: people who sign in with PASSWORD, and what sign-in leaves behind.
Organisations come from the factories (tests/factories.py)."""

from axes.models import AccessAttempt

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from tests.factories import person

PASSWORD = "Qingshui-Lu-2021"


def make_user(username, *, role=None, at=None, **fields):
    """A person (tests.factories.person) whose password is PASSWORD: the accounts tests sign in."""
    return person(username, role, at, password=PASSWORD, **fields)


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def failures(username):
    attempt = AccessAttempt.objects.filter(username=username).first()
    return attempt.failures_since_start if attempt else 0


__all__ = ["PASSWORD", "Role", "make_user", "events", "failures"]
