"""转办, 委派 and 抄送 take the same one NOWAIT lock as a decision: while another act holds the
task's process, they answer 409 (Busy) at once and write nothing; someone out of scope still
gets 404."""

import pytest
from django.db import connection
from viewflow.workflow.models import Process

from core.audit.models import AuditEvent
from tests.city import build_city
from tests.conftest import need
from tests.threads import row_locked
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services
from workflows.engine.carbon_copy.models import CarbonCopy
from workflows.engine.exceptions import Busy, NotFound


@pytest.mark.django_db(transaction=True)
def test_hand_overs_and_copies_on_a_busy_task_are_conflicts():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    city = build_city()
    item = submitted_item(city)
    task = open_task(item)
    services.delegate_task(task=task, by=city.reviewer, to=city.reviewer2)
    events = AuditEvent.objects.count()
    with row_locked(Process, task.process_id):
        with pytest.raises(NotFound):
            services.transfer_task(task=task, by=city.reviewer_b, to=city.reviewer2)
        with pytest.raises(Busy):
            services.complete_delegation(task=task, by=city.reviewer2, comment="核对无误。")
        with pytest.raises(Busy):
            services.recall_delegation(task=task, by=city.reviewer)
    services.complete_delegation(task=task, by=city.reviewer2, comment="核对无误。")  # free again
    with row_locked(Process, task.process_id):
        for act, kwargs in ((services.transfer_task, {"to": city.reviewer2}),
                            (services.delegate_task, {"to": city.reviewer2}),
                            (services.cc_task, {"users": [city.teacher]})):
            with pytest.raises(Busy):
                act(task=task, by=city.reviewer, **kwargs)
    assert AuditEvent.objects.count() == events + 1 and CarbonCopy.objects.count() == 0
    assert open_task(item).owner == city.reviewer
