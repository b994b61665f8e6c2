"""On PostgreSQL: concurrent list acts never exceed a quota, and a held campaign lock answers Busy
quickly instead of making people wait."""

import random
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from tests.factories import OrganisationFactory
from tests.threads import run_together
from tests.workflows.engine.campaign_helpers import make_campaign
from workflows.engine.exceptions import Busy
from workflows.engine.lists import campaigns
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 16


def test_concurrent_reservations_never_exceed_a_districts_quota(on_postgres):
    heping = OrganisationFactory.district(name="和平区")
    campaign = make_campaign(total_quota=None, district_quotas={heping: 5})
    results, errors = run_together(
        lambda i: campaigns.reserve_quota(campaign=campaign, district=heping, count=1), THREADS
    )
    assert sorted(results) == [0, 1, 2, 3, 4]
    assert len(errors) == THREADS - 5
    assert all(isinstance(e, ValidationError) and e.code == "quota_exceeded" for e in errors)
    assert DistrictQuota.objects.get(campaign=campaign, district=heping).reserved == 5


def test_concurrent_reservations_of_various_sizes_never_exceed_the_total(on_postgres):
    campaign = make_campaign(total_quota=20)
    sizes = [random.Random(i).randint(1, 5) for i in range(THREADS)]
    results, errors = run_together(
        lambda i: (sizes[i], campaigns.reserve_quota(campaign=campaign, count=sizes[i])), THREADS
    )
    assert all(isinstance(e, ValidationError) and e.code == "quota_exceeded" for e in errors)
    taken = sum(size for size, _left in results)
    campaign.refresh_from_db()
    assert campaign.total_reserved == taken <= 20
    # Each success saw the seats left after it: in lock order they count down from 20 by its size.
    seats = 20
    for size, left in sorted(results, key=lambda result: -result[1]):
        seats -= size
        assert left == seats


def test_a_held_campaign_lock_gives_busy_quickly_and_restores_the_callers_timeout(on_postgres, monkeypatch):
    monkeypatch.setattr(campaigns, "QUOTA_LOCK_TIMEOUT", "200ms")
    campaign = make_campaign(total_quota=10)
    holding, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Campaign.objects.select_for_update().get(pk=campaign.pk)
            holding.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    try:
        with pytest.raises(Busy, match="其他人正在占用该批次的名额"):
            campaigns.reserve_quota(campaign=campaign, count=1)
    finally:
        release.set()
        holder.join()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '7s'")
        assert campaigns.reserve_quota(campaign=campaign, count=1) == 9
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone()[0] == "7s"
