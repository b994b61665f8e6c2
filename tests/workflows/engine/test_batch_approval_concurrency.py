"""批量审批 racing a single 通过 on the same task, on PostgreSQL: exactly one of them decides it;
the other is told (the single approval's Conflict, or the batch's refused line) and the rest of
the batch goes through."""

import pytest

from core.audit.models import AuditEvent
from tests.city import build_city
from tests.threads import run_together
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services
from workflows.engine.batch_approval.services import approve_tasks
from workflows.engine.exceptions import Conflict
from workflows.engine.models import Decision

ROUNDS = 3


@pytest.mark.django_db(transaction=True)
def test_a_batch_and_a_single_approval_of_one_task_decide_it_once(on_postgres):
    city = build_city()
    for _round in range(ROUNDS):
        contested, other = submitted_item(city, title="争抢的申报"), submitted_item(city, title="另一件申报")
        contested_task, other_task = open_task(contested).pk, open_task(other).pk

        def work(i):
            if i == 0:
                return approve_tasks(tasks=[contested_task, other_task], by=city.reviewer, comment="批量同意")
            return services.approve_task(task=contested_task, by=city.reviewer2, comment="单件同意")

        results, errors = run_together(work, 2)
        assert Decision.objects.filter(item=contested).count() == 1
        assert Decision.objects.filter(item=other, actor=city.reviewer).count() == 1  # the batch's other task
        batch = next(result for result in results if hasattr(result, "lines"))
        line = batch.lines[0]
        if line.done:  # the batch won: the single approval was told so
            assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
            assert Decision.objects.get(item=contested).actor == city.reviewer
        else:  # the single approval won: the batch says why it did not
            assert not errors, errors
            assert line.code in ("busy", "task_closed"), line
            assert Decision.objects.get(item=contested).actor == city.reviewer2
        assert AuditEvent.objects.filter(object_id=str(contested.pk), action="approve").count() == 1
