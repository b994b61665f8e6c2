"""The lists read in a fixed number of queries, however many rows: visits, notices, zones and
the monthly table, on the pages and over the API."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from tests.workflows.api.helpers import client_for
from workflows.inspection.routine import notices, zones
from workflows.inspection.routine.visits import record_visit
from tests.sample_files import JPEG, upload

pytestmark = pytest.mark.django_db


def _add(routine, n):
    """n more visits (with a photo) and n more notices at zone A's schools, n more schools in zone A."""
    extra = [OrganisationFactory.school(parent=routine.city.district_a) for _ in range(n)]
    zones.set_zone_schools(zone=routine.zone, by=routine.manager, schools=[*routine.schools, *extra])
    routine.schools.extend(extra)
    for index in range(n):
        school = routine.schools[index % len(routine.schools)]
        record_visit(by=routine.inspector, school=school, visited_on=datetime.date(2021, 9, 1 + index % 10),
                     kinds=["lesson"], findings="听课。", photos=[upload("p.jpg", JPEG)])
        notices.issue_notice(by=routine.inspector, school=school, title=f"整改通知{index}", problems="问题。",
                             requirements="要求。", working_days=5)


def _count(get):
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200, response.content[:300]
    return len(queries)


URLS = ["/inspection/routine/", "/inspection/routine/visits/", "/inspection/routine/notices/",
        "/inspection/routine/zones/", "/inspection/routine/monthly/?month=2021-09"]
API = ["/api/v1/routine/visits/", "/api/v1/routine/notices/", "/api/v1/routine/zones/",
       "/api/v1/routine/monthly/?month=2021-09"]


@pytest.mark.parametrize("who, url", [("inspector", URLS[0]), ("inspector", URLS[1]), ("inspector", URLS[2]),
                                      ("manager", URLS[3]), ("manager", URLS[4]), ("head", URLS[2])])
def test_pages_read_in_a_fixed_number_of_queries(routine, client, who, url):
    client.force_login(getattr(routine, who))
    _add(routine, 2)
    few = _count(lambda: client.get(url))
    _add(routine, 6)
    assert _count(lambda: client.get(url)) == few


@pytest.mark.parametrize("url", API)
def test_api_lists_read_in_a_fixed_number_of_queries(routine, url):
    api = client_for(routine.manager)
    _add(routine, 2)
    few = _count(lambda: api.get(url))
    _add(routine, 6)
    assert _count(lambda: api.get(url)) == few
