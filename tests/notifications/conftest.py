import pytest

from core.orgs.roles import Role
from notifications.models import PolicyStep, ReminderPolicy, ScheduleKind
from tests.city import build_tree
from tests.factories import UserFactory, user_with_role


@pytest.fixture
def person(db):
    return UserFactory()


@pytest.fixture
def other_person(db):
    return UserFactory()


@pytest.fixture
def tree(db):
    """The test city's organisations (tests/city.py), nobody in them: each test adds its people."""
    return build_tree()


@pytest.fixture
def district(tree):
    return tree.district_a


@pytest.fixture
def school(tree):
    return tree.school_a


@pytest.fixture
def department(tree):
    return tree.department


@pytest.fixture
def reviewer(district):
    return user_with_role(Role.DISTRICT_REVIEWER, district)


@pytest.fixture
def policy(db):
    """A policy of this test's own (transactional tests flush the migration's default policy)."""
    policy = ReminderPolicy.objects.create(code="test", name="测试策略")
    for kind, days, level in [
        (ScheduleKind.REMINDER, 3, ""),
        (ScheduleKind.REMINDER, 1, ""),
        (ScheduleKind.REMINDER, 0, ""),
        (ScheduleKind.ESCALATION, 1, "handler_org"),
        (ScheduleKind.ESCALATION, 3, "owner_department"),
    ]:
        PolicyStep.objects.create(policy=policy, kind=kind, working_days=days, level=level)
    return policy


@pytest.fixture
def published_capture(monkeypatch):
    """Task messages handed to the broker, as [(delivery ids, reclaim_before)], instead of sending."""
    from notifications.tasks import deliver

    calls = []
    monkeypatch.setattr(
        deliver, "apply_async", lambda args, kwargs, **options: calls.append((args[0], kwargs["reclaim_before"]))
    )
    return calls


@pytest.fixture(autouse=True)
def broker_breaker_closed():
    """A test that simulates a down broker must not make the next test skip publishing."""
    from notifications.publishing import breaker

    breaker.reset()
    yield
    breaker.reset()
