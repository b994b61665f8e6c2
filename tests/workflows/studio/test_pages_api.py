"""The studio's pages and API: the studios list (terms, ratings, members) in a fixed number of
queries and its Excel export; member changes and the year's report and ratings over the API and
the pages, as their people do them; strangers (anonymous, another school, another district) are
kept out and nothing is written."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.calendar import install_test_calendar
from core.orgs.roles import Role
from tests.factories import person
from tests.workflows.api.helpers import client_for as api_for
from tests.workflows.studio.helpers import at, build_studio_town, certified, teacher_studio
from tests.workflows.web.conftest import client_for as page_for
from workflows.engine.tenure.models import AnnualReport, Tenure, TenureState
from workflows.studio.models import AnnualExtra, ChangeState, MemberChange, MemberState, StudioMember

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()[:600]
    return response.json() if response["Content-Type"].startswith("application/json") else response


@pytest.fixture
def certified_studio(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021, 2022])
    st = build_studio_town()
    [item] = certified(st, teacher_studio(st), time_machine=time_machine)
    return st, item


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        ok(client.get(url))
    return len(captured)


def test_the_list_and_its_export_show_terms_and_members_in_fixed_queries(certified_studio):
    st, item = certified_studio
    department = api_for(st.city.city)
    rows = ok(department.get("/api/v1/studios/"))["results"]
    assert [row["id"] for row in rows] == [item.pk]
    assert rows[0]["tenure_state"] == TenureState.ACTIVE and len(rows[0]["members"]) == 5
    assert {member["school"] for member in rows[0]["members"]} >= {"和平一校", "沈河一校"}
    one = queries(department, "/api/v1/studios/")
    teacher_studio(st, host=person("host2", Role.APPLICANT, st.school_b), school=st.school_b,
                   members=st.members[5:8] + [person(f"b{n}", Role.APPLICANT, st.school_c1) for n in (1, 2)],
                   title="第二个工作室")
    assert queries(department, "/api/v1/studios/") == one  # no query per studio

    page = page_for(st.city.city).get("/work/studios/").content.decode()
    assert item.title in page and "成员1" in page and "导出Excel" in page
    export = page_for(st.city.city).get("/work/studios/export/")
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0][:3] == ["编号", "工作室", "类型"]
    assert any(row[1] == item.title and "成员1" in row[8] and "有效" in row[6] for row in cells[1:])
    # Scoped: another district's school sees neither studio of 和平区's school.
    assert item.pk not in [row["id"] for row in ok(api_for(st.head_b).get("/api/v1/studios/"))["results"]]
    assert api_for(None).get("/api/v1/studios/").status_code == 401


def test_a_member_change_over_the_api_and_its_page(certified_studio):
    st, item = certified_studio
    newcomer = person("newcomer", Role.APPLICANT, st.school_c2, full_name="新教师")
    found = ok(api_for(st.teacher).get("/api/v1/studios/member-candidates/?q=新教师"))
    assert [row["id"] for row in found] == [newcomer.pk]
    refused = api_for(st.head_b).post(f"/api/v1/studios/{item.pk}/members/", {
        "action": "add", "person": newcomer.pk, "reason": "加入"}, format="json")
    assert refused.status_code == 404 and not MemberChange.objects.exists()  # another school: unseen
    change = ok(api_for(st.teacher).post(f"/api/v1/studios/{item.pk}/members/", {
        "action": "add", "person": newcomer.pk, "category": "young", "reason": "新入职青年教师"}, format="json"), 201)
    assert api_for(st.city.city).post(f"/api/v1/studio-member-changes/{change['id']}/approve/", {},
                                      format="json").status_code == 403  # the school first
    html = page_for(st.head).get(f"/work/studios/{item.pk}/members/").content.decode()
    assert "新入职青年教师" in html and "同意" in html
    answer = page_for(st.head).post(f"/work/studio-member-changes/{change['id']}/approve/", {"note": "同意"})
    assert answer.status_code == 302 and MemberChange.objects.get(pk=change["id"]).state == ChangeState.DEPARTMENT
    done = ok(api_for(st.city.city).post(f"/api/v1/studio-member-changes/{change['id']}/approve/",
                                         {"note": "批准"}, format="json"))
    assert done["state"] == ChangeState.APPROVED
    members = ok(api_for(st.teacher).get(f"/api/v1/studios/{item.pk}/members/"))
    assert newcomer.pk in [row["person"] for row in members["members"]]
    assert StudioMember.objects.get(person=newcomer).role == "young"


def test_the_year_s_report_and_its_two_ratings_over_the_api_and_the_pages(certified_studio, time_machine):
    st, item = certified_studio
    tenure = Tenure.objects.get(item=item)
    time_machine.move_to(at(2021, 11, 10), tick=False)
    page = page_for(st.teacher).post(f"/work/studios/tenures/{tenure.pk}/report/", {
        "plan": "年度计划", "summary": "年度总结", "activities": "公开课 2021-09-15 区级语文公开课\n课题 2021-10-20 市级课题"})
    assert page.status_code == 302
    report = AnnualReport.objects.get(tenure=tenure)
    listed = page_for(st.reviewer).get("/work/studios/").content.decode()
    assert f"/work/studio-reports/{report.pk}/district-rate/" in listed
    assert AnnualExtra.objects.get(report=report).activities.count() == 2
    outsider = api_for(st.reviewer_b).post(f"/api/v1/tenure-reports/{report.pk}/district-rate/",
                                           {"rating": "pass"}, format="json")
    assert outsider.status_code == 404 and not AnnualExtra.objects.get(report=report).district_rating
    early = api_for(st.city.city).post(f"/api/v1/tenure-reports/{report.pk}/city-rate/", {"rating": "pass"},
                                       format="json")
    assert early.status_code == 409 and "区县尚未考核" in early.json()["detail"]
    bad = api_for(st.reviewer).post(f"/api/v1/tenure-reports/{report.pk}/district-rate/", {"rating": "fail"},
                                    format="json")
    assert bad.status_code == 400 and "必须填写考核意见" in str(bad.json())
    ok(api_for(st.reviewer).post(f"/api/v1/tenure-reports/{report.pk}/district-rate/",
                                 {"rating": "excellent", "note": "成效显著"}, format="json"))
    listed = page_for(st.city.city).get("/work/studios/").content.decode()
    assert f"/work/studio-reports/{report.pk}/city-rate/" in listed  # the list leads to the next rating
    html = page_for(st.city.city).get(f"/work/studio-reports/{report.pk}/city-rate/").content.decode()
    assert "区县考核结果" in html and "优秀" in html and "区级语文公开课" in html
    assert page_for(st.city.city).post(f"/work/studio-reports/{report.pk}/city-rate/",
                                       {"rating": "excellent", "note": ""}).status_code == 302
    rows = ok(api_for(st.city.city).get("/api/v1/studios/"))["results"]
    assert rows[0]["ratings"] == [{"year": 2021, "district": "优秀", "city": "优秀", "report": report.pk}]
    again = api_for(st.teacher).post(f"/api/v1/tenures/{tenure.pk}/studio-report/",
                                     {"plan": "p", "summary": "s"}, format="json")
    assert again.status_code == 409 and AnnualReport.objects.filter(tenure=tenure).count() == 1
    assert StudioMember.objects.filter(studio=item, state=MemberState.ACTIVE).count() == 5
