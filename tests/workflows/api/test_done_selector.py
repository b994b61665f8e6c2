from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services
from workflows.engine.reading import selectors


def test_done_lists_tasks_you_decided_not_ones_withdrawn_under_you(city):
    decided, withdrawn = submitted_item(city), submitted_item(city)
    task = open_task(decided)
    services.approve_task(task=task, by=city.reviewer)
    services.claim_task(task=open_task(withdrawn), by=city.reviewer)
    services.withdraw_item(item=withdrawn, by=city.head, comment="材料有误")
    assert list(selectors.done_queryset(city.reviewer)) == [task]
    assert not selectors.done_queryset(city.reviewer2).exists()
