"""Races against the real PostgreSQL, in real threads: two heads revoking at once revoke once (one
文号 issued), and the daily job expiring while a head revokes ends the tenure in one state."""

import pytest

from core.audit.models import AuditEvent
from core.docnumbers.models import DocNumber
from core.orgs.roles import Role
from tests.factories import person
from tests.threads import run_together
from tests.workflows.engine.tenure.tenure_helpers import APPROVAL_DAY, approved, sample_terms, tenure_of
from workflows.engine.exceptions import Conflict
from workflows.engine.tenure.models import Tenure, TenureState
from workflows.engine.tenure.revoking import revoke_tenure

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_revokes_at_once_revoke_once(on_postgres, city, time_machine):
    time_machine.move_to(APPROVAL_DAY, tick=False)
    sample_terms()
    tenure = tenure_of(approved(city))
    second_head = person("city_head2", Role.CITY_HEAD, city.department)
    heads = [city.city_head, second_head]
    results, errors = run_together(lambda i: revoke_tenure(tenure=tenure.pk, by=heads[i], reason=f"撤销{i}。"), 2)
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert Tenure.objects.get().state == TenureState.REVOKED
    assert AuditEvent.objects.filter(action="tenure_revoked").count() == 1
    assert DocNumber.objects.count() == 1
