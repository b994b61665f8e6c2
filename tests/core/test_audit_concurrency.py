"""Concurrent writers to one target: seq stays gap-free and the chain linear."""

import threading

import pytest
from django.db import connection, connections

from core.audit.models import AuditChainHead, AuditEvent
from core.audit.services import record_event
from core.audit.verify import verify_chains
from core.orgs.models import Organisation
from tests.conftest import need
from tests.core.audit_helpers import VENDORS

WRITERS = 10


def append_concurrently(target) -> list[Exception]:
    """WRITERS threads, released together, each appending one event to the same new target (so
    they also race to create its chain head)."""
    start = threading.Barrier(WRITERS)
    errors = []

    def write(n):
        try:
            start.wait()
            record_event(action=f"writer{n}", target=target)
        except Exception as exc:  # collected and asserted on in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_get_one_to_ten(vendor):
    need(connection.vendor == vendor, f"runs on {vendor}")
    target = Organisation.objects.create(name="沈阳市教育局", kind="bureau")

    assert append_concurrently(target) == []

    seqs = list(AuditEvent.objects.filter(object_id=str(target.pk)).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS + 1))
    assert AuditChainHead.objects.get(object_id=str(target.pk)).last_seq == WRITERS
    report = verify_chains()
    assert report.ok, report.problems
    assert report.events == WRITERS
