"""Two clicks on 催办 at once send one urge: the task's lock and the interval check under it."""

import pytest
import time_machine

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.threads import run_together
from tests.city import build_city
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.proxy_helpers import MONDAY, at
from workflows.engine import message_kinds as engine_kinds
from workflows.engine import services
from workflows.engine.exceptions import Conflict


@pytest.mark.django_db(transaction=True)
def test_two_urges_at_once_make_one(on_postgres):
    with time_machine.travel(at(MONDAY), tick=False):
        city = build_city()
        task = open_task(submitted_item(city))
        done, errors = run_together(lambda i: services.urge_task(task=task.pk, by=city.head), 2)
    assert len(done) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert AuditEvent.objects.filter(action="urge").count() == 1
    assert Notification.objects.filter(kind=engine_kinds.URGED).count() == 2  # the two reviewers, once each
