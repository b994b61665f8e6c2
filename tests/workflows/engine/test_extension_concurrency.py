"""Two approvers deciding one extension request at once (PostgreSQL, real threads): one wins, the
other gets a Conflict (409) at once, and the deadline moves exactly once."""

import datetime

import pytest
import time_machine

from core.audit.models import AuditEvent
from core.orgs.models import User
from core.orgs.roles import Role
from core.orgs.services import grant_role
from tests.threads import run_together
from tests.workflows.engine.deadline_helpers import deadline, local, pending_reminders
from tests.workflows.engine.extension_helpers import (  # noqa: F401
    DECIDED_AT,
    ask,
    city,
    claimed_review,
)
from workflows.engine.deadlines.extension_models import ExtensionRequest, ExtensionState
from workflows.engine.deadlines.extension_services import (
    grant_extension,
    refuse_extension,
)
from workflows.engine.exceptions import Conflict

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
ROUNDS = 3


def _second_reviewer(city):
    user = User.objects.create_user(username="city2", full_name="city2")
    grant_role(user=user, role=Role.CITY_REVIEWER, organisation=city.department)
    return user


def test_two_approvers_granting_at_once_one_wins(on_postgres, city):
    approvers = [city.city, _second_reviewer(city)]
    for round_no in range(ROUNDS):
        _item, task = claimed_review(city)
        extension = ask(city, task)
        days = [datetime.date(2021, 10, 20), datetime.date(2021, 10, 22)]
        with time_machine.travel(DECIDED_AT, tick=False):
            results, errors = run_together(
                lambda i: grant_extension(extension=extension.pk, by=approvers[i], due_date=days[i]), 2
            )
        assert len(results) == 1 and len(errors) == 1, (round_no, errors)
        assert isinstance(errors[0], Conflict), errors
        won = results[0]
        assert ExtensionRequest.objects.get(pk=extension.pk).state == ExtensionState.GRANTED
        assert deadline(task).due_at == won.granted_due_at and deadline(task).revision == 2
        due_day = won.granted_due_at.day
        reminders = pending_reminders(task)
        assert reminders.get(f"task:{task.pk}:due2:reminder:0") == local(2021, 10, due_day, 9, 0), reminders
        moved = AuditEvent.objects.filter(action="deadline_moved", data__task=task.pk)
        assert moved.count() == 1


def test_a_grant_and_a_refusal_at_once_one_wins(on_postgres, city):
    other = _second_reviewer(city)
    _item, task = claimed_review(city)
    extension = ask(city, task)
    acts = [lambda: grant_extension(extension=extension.pk, by=city.city),
            lambda: refuse_extension(extension=extension.pk, by=other, comment="不同意")]
    with time_machine.travel(DECIDED_AT, tick=False):
        results, errors = run_together(lambda i: acts[i](), 2)
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict), errors
    stored = ExtensionRequest.objects.get(pk=extension.pk)
    assert stored.state == results[0].state
    decided = AuditEvent.objects.filter(action__in=["extension_granted", "extension_refused"])
    assert decided.count() == 1
    assert AuditEvent.objects.filter(action="deadline_moved").count() == (stored.state == ExtensionState.GRANTED)
