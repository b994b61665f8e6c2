"""The demo's life after approval: four accredited items — active, expiring soon (renewable),
expired by the beat's service, revoked with its 文号 — and try-this-first lines naming real logins;
seeding twice adds nothing."""

import datetime

import pytest

from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from tests.sampleapp.tenure_demo import seed
from workflows.engine.tenure import rules
from workflows.engine.tenure.models import Tenure, TenureState


@pytest.mark.django_db
def test_the_demo_seeds_each_state_once_and_says_who_tries_what():
    seed_demo_city(password="Demo@2026-test")
    tries = seed()
    tenures = list(Tenure.objects.select_related("document", "terms").order_by("pk"))
    assert sorted(t.state for t in tenures) == sorted([TenureState.ACTIVE, TenureState.ACTIVE,
                                                       TenureState.EXPIRED, TenureState.REVOKED])
    today = rules.today()
    soon = [t for t in tenures if t.is_active and t.valid_until <= today + datetime.timedelta(days=90)]
    assert len(soon) == 1 and rules.renewal_opens_on(soon[0]) <= today
    revoked = next(t for t in tenures if t.state == TenureState.REVOKED)
    assert revoked.document is not None and revoked.end_reason
    assert len(tries) == 3 and all(User.objects.filter(username=t.username).exists() for t in tries)
    assert "撤销认定" in tries[0].what
    seed()
    assert Tenure.objects.count() == 4
