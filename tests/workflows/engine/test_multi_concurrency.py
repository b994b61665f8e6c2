"""或签 with two members deciding at the same moment, in two OS processes: exactly one decision
decides the step, the other gets a Conflict (409) at once, and the item moves once."""

import pytest
from django.db import connection

from tests.conftest import need
from tests.sampleapp.panels import AnySignFlow, CountersignFlow
from tests.workflows.engine.conftest import reload
from tests.workflows.engine.multi_helpers import actions, build_panel, member_tasks, states, submitted
from tests.workflows.engine.test_concurrency import CONFLICTS, race
from workflows.engine import services
from workflows.engine.models import Decision

ROUNDS = 3


@pytest.mark.django_db(transaction=True)
def test_two_any_sign_members_approving_at_once_decide_once():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    panel = build_panel()
    for _ in range(ROUNDS):
        item = submitted(panel, AnySignFlow)
        tasks = member_tasks(item)
        outcomes = race([("approve", tasks["reviewer"].pk, panel.city.reviewer.pk),
                         ("approve", tasks["reviewer2"].pk, panel.city.reviewer2.pk)])
        assert [o[1] for o in outcomes].count("ok") == 1, outcomes
        assert all(o[1] in CONFLICTS for o in outcomes if o[1] != "ok"), outcomes
        assert all(attempts <= 1 for _, _, attempts in outcomes), outcomes
        assert reload(item).status == "city_review"
        assert Decision.objects.filter(item=item).count() == 1
        assert [a for a in actions(item) if a[0] == "approve"] == [("approve", "district_review", "city_review")]
        assert sorted(state for _, state in states(item)) == ["approve", "cancelled", "cancelled"]


@pytest.mark.django_db(transaction=True)
def test_the_last_two_countersign_approvals_at_once_never_move_the_item_twice():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    panel = build_panel()
    item = submitted(panel, CountersignFlow)
    tasks = member_tasks(item)
    services.approve_task(task=tasks["reviewer3"], by=panel.reviewer3)
    outcomes = race([("approve", tasks["reviewer"].pk, panel.city.reviewer.pk),
                     ("approve", tasks["reviewer2"].pk, panel.city.reviewer2.pk)])
    winners = [o for o in outcomes if o[1] == "ok"]
    assert len(winners) in (1, 2) and all(o[1] in CONFLICTS for o in outcomes if o[1] != "ok"), outcomes
    # One lost the lock (Busy, 409: acts again later) or both went one after the other; either way
    # the item moved at most once and only after every member approved.
    expected = "city_review" if len(winners) == 2 else "district_review"
    assert reload(item).status == expected
    assert Decision.objects.filter(item=item).count() == 1 + len(winners)
