"""How many SQL statements one approval costs through the service layer, on PostgreSQL.

bench/transitions.py measures completions per second and names every statement; this test keeps
the count from creeping back up. It counts at psycopg's cursor, because some code sends
statements through a psycopg cursor of its own (Django's query capture does not see those), and
it includes what runs after the commit (publishing the outbox). No wall-clock assertion.
"""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from core.calendar.testing import install_test_calendar
from core.orgs.models import Organisation, User
from core.orgs.roles import Role
from core.orgs.services import grant_role
from tests.sql_statements import statements
from tests.city import build_city
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services

# Statements per approval of a district review task (which opens the city review, notifies its
# reviewers and schedules its reminders), after commit included. Lower it when you save one.
APPROVE_BUDGET = 18

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def approval_statements(city) -> list[str]:
    item = submitted_item(city)
    task = open_task(item)
    reviewer = User.objects.get(pk=city.reviewer.pk)  # fresh, as a request's user is
    User.objects.filter(pk=city.city.pk).update(email="city@example.invalid")  # an email delivery too
    with statements() as sent:
        services.approve_task(task=task.pk, by=reviewer)
    return sent


@pytest.fixture
def city(on_postgres, transactional_db):
    # A real transaction, so that the count has no test savepoint in it and the after-commit
    # publishing runs. An earlier transactional test may have emptied what the migrations seeded:
    # the calendar and the default reminder policy (whose reminders an opened task gets).
    importlib.import_module("notifications.migrations.0002_default_policy").create_default(apps, None)
    with time_machine.travel(NOW, tick=False):
        install_test_calendar([NOW.year])
        city = build_city()
        # Heads, as organisations have: the new task's escalations go to them.
        city.department.head, city.district_a.head = city.city_head, city.district_head
        Organisation.objects.bulk_update([city.department, city.district_a], ["head"])
        yield city


def test_an_approval_stays_within_its_statement_budget(city):
    sent = approval_statements(city)
    assert len(sent) <= APPROVE_BUDGET, f"{len(sent)} statements:\n" + "\n".join(sent)


def test_more_reviewers_to_notify_cost_no_more_statements(city):
    one = len(approval_statements(city))
    for n in range(3):
        user = User.objects.create_user(username=f"city{n}", full_name=f"市局{n}", email=f"city{n}@example.invalid")
        grant_role(user=user, role=Role.CITY_REVIEWER, organisation=city.department)
    assert len(approval_statements(city)) == one
