"""批量审批 by a 委托 proxy: the principal's queue tasks are approved in the principal's name, each
audited "A acting for B" as a single approval is; outside the range the same batch is refused per
task, and nothing moves."""

import pytest
import time_machine

from core.audit.models import AuditEvent
from tests.workflows.engine.batch_approval_helpers import waiting
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.proxy_helpers import MONDAY, at, deputy
from tests.sampleapp.models import SampleApplication
from workflows.engine import services
from workflows.engine.batch_approval.services import DONE, approve_tasks
from workflows.engine.models import Decision

pytestmark = pytest.mark.django_db
S = SampleApplication.Status


def test_a_proxy_batch_approves_the_principals_queue_in_their_name(city):
    with time_machine.travel(at(MONDAY), tick=False):
        helper = deputy(of=city.reviewer)
        items = waiting(city, 2)
        services.create_proxy(principal=city.reviewer, proxy=helper, starts_on=MONDAY, ends_on=MONDAY,
                              reason="外出培训", by=city.reviewer)
        result = approve_tasks(tasks=[open_task(item).pk for item in items], by=helper, comment="代为审核，同意")
    assert [line.result for line in result.lines] == [DONE, DONE]
    for item in items:
        assert reload(item).status == S.CITY_REVIEW
        decision = Decision.objects.get(item=item)
        assert (decision.actor, decision.acting_for) == (helper, city.reviewer)
        event = AuditEvent.objects.get(action="approve", object_id=str(item.pk))
        assert (event.actor, event.acting_for) == (helper, city.reviewer)


def test_without_a_proxy_the_same_batch_is_refused_task_by_task(city):
    with time_machine.travel(at(MONDAY), tick=False):
        helper = deputy(of=city.reviewer)
        items = waiting(city, 2)
        result = approve_tasks(tasks=[open_task(item).pk for item in items], by=helper, comment="同意")
    assert [line.code for line in result.lines] == ["not_found", "not_found"]  # not theirs to know of
    assert all(reload(item).status == S.DISTRICT_REVIEW for item in items)
    assert not Decision.objects.exists()
