"""The 督导室's table of visits per school and month, checked against the visit records: each
school's months, each zone's counts, the schools not visited this month; the same on the page,
in the Excel file and over the API; only for the 督导室."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from tests.workflows.api.helpers import client_for
from workflows.inspection.routine.models import Visit
from workflows.inspection.routine.monthly import month_table
from workflows.inspection.routine.visits import record_visit

pytestmark = pytest.mark.django_db

# (school index in zone A, day): two in September at 和平一校, one each elsewhere, one in August.
VISITS = [(0, datetime.date(2021, 9, 1)), (0, datetime.date(2021, 9, 10)), (1, datetime.date(2021, 9, 2)),
          (2, datetime.date(2021, 8, 16)), (3, datetime.date(2021, 3, 5))]


@pytest.fixture
def visited(routine):
    for index, day in VISITS:
        record_visit(by=routine.inspector, school=routine.schools[index], visited_on=day, kinds=["lesson"],
                     findings="听课。")
    record_visit(by=routine.inspector_b, school=routine.city.school_b, visited_on=datetime.date(2021, 9, 8),
                 kinds=["interview"], findings="访谈。")
    return routine


def _from_records(school, month):
    return Visit.objects.filter(school=school, visited_on__year=2021, visited_on__month=month).count()


def test_the_table_is_the_records_counted(visited):
    table = month_table(year=2021, month=9)
    assert [block.zone.name for block in table.zones] == ["和平一区", "沈河一区"]
    for block in table.zones:
        for row in block.schools:
            assert row.counts == [_from_records(row.school, m) for m in range(1, 13)], row.school.name
    zone_a, zone_b = table.zones
    assert zone_a.counts[8] == 3 and zone_a.counts[7] == 1 and zone_a.counts[2] == 1 and zone_a.total == 5
    assert (zone_a.visited_in(9), zone_b.visited_in(9)) == (2, 1)
    assert zone_a.schools[0].last_visit == datetime.date(2021, 9, 10)
    assert [row.school.name for _zone, row in table.unvisited] == ["和平3校", "和平4校", "和平5校"]


def test_the_page_the_excel_file_and_the_api_say_the_same(visited, client):
    client.force_login(visited.manager)
    page = client.get("/inspection/routine/monthly/?month=2021-09").content.decode()
    assert "2021年常态督导统计" in page and "9月未督导学校" in page
    assert "和平一区（马俊）：和平3校" in page and "和平一区（马俊）：和平2校" not in page
    response = client.get("/inspection/routine/monthly/export/?month=2021-09")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    by_school, by_zone, missing = book.worksheets
    rows = {row[2]: row for row in by_school.iter_rows(min_row=2, values_only=True)}
    assert rows["和平一校"][3:15] == (0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0) and rows["和平一校"][15] == 2
    assert rows["和平一校"][16] == "2021-09-10"
    zones = {row[0]: row for row in by_zone.iter_rows(min_row=2, values_only=True)}
    assert zones["和平一区"][2:4] == (5, 2) and zones["沈河一区"][2:4] == (1, 1)
    assert [row[2] for row in missing.iter_rows(min_row=2, values_only=True)] == ["和平3校", "和平4校", "和平5校"]
    data = client_for(visited.manager).get("/api/v1/routine/monthly/?month=2021-09").json()
    assert data["zones"][0]["visited_this_month"] == 2 and data["zones"][0]["counts"][8] == 3
    assert [school["name"] for school in data["unvisited"]] == ["和平3校", "和平4校", "和平5校"]
    assert client_for(visited.manager).get("/api/v1/routine/monthly/?month=九月").status_code == 400


def test_only_the_supervision_office_sees_the_table(visited, client):
    for user in (visited.inspector, visited.head, visited.city.city):
        client.force_login(user)
        assert client.get("/inspection/routine/monthly/").status_code == 403
        assert client.get("/inspection/routine/monthly/export/").status_code == 403
        assert client_for(user).get("/api/v1/routine/monthly/").status_code == 403
