"""数据采集 over the API: filing (400 with a Chinese message per figure), results for whom may read
them (the 督导室 all districts, a district its own, a school none), the template and the import,
and the lists' queries fixed whatever the number of targets."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from tests.workflows.api.helpers import client_for
from tests.workflows.inspection.figures.conftest import COUNTY, GOOD, target
from tests.workflows.inspection.figures.test_import import filled
from workflows.inspection.figures.models import FigureReturn, FigureSet
from workflows.inspection.figures.services import create_collection

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_school_files_and_reads_its_figures(town):
    city = town.city
    own = target(town.balanced, city.school_a)
    api = client_for(city.head)
    bad = api.post(f"/api/v1/figure-targets/{own.pk}/figures/", {"section": "primary",
                                                                   "values": {**GOOD, "students": 0}}, format="json")
    assert bad.status_code == 400 and bad.json()["fields"]["students"] == ["“在校学生数”必须大于0。"]
    assert not FigureReturn.objects.exists()
    done = api.post(f"/api/v1/figure-targets/{own.pk}/figures/", {"section": "primary", "values": GOOD}, format="json")
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["target"]["sections"] == ["primary"] and body["target"]["filed"] == ["primary"]
    assert body["returns"][0]["values"]["teaching_area"] == "6000.50"
    assert api.get(f"/api/v1/figure-targets/{own.pk}/figures/").json() == body


def test_attacks_over_the_api_are_404_or_403_and_write_nothing(town):
    city = town.city
    own = target(town.balanced, city.school_a)
    url = f"/api/v1/figure-targets/{own.pk}/figures/"
    body = {"section": "primary", "values": GOOD}
    assert client_for(None).post(url, body, format="json").status_code == 401
    for intruder, status in ((city.head_b, 404), (town.staff_b, 404), (city.city, 404), (city.reviewer, 403),
                             (town.inspector_office, 403)):
        answer = client_for(intruder).post(url, body, format="json")
        assert answer.status_code == status, (intruder, answer.json())
    assert client_for(city.head_b).get(url).status_code == 404
    assert not FigureReturn.objects.exists()
    results = f"/api/v1/figure-collections/{town.balanced.pk}/results/?district={city.district_a.pk}"
    assert client_for(city.head).get(results).status_code == 404  # a school reads no county's results
    assert client_for(town.staff_b).get(results).status_code == 404  # nor another district
    assert client_for(city.city).get(f"/api/v1/figure-collections/{town.balanced.pk}/").status_code == 404


def _file_district_a(town):
    city = town.city
    api = client_for(town.staff_a)
    rows = [(city.school_a, "primary", {**GOOD, "students": "100", "teaching_area": "600"}),
            (town.junior, "junior", {**GOOD, "students": "800", "sports_area": "9600"}),
            (town.nine_year, "primary", {**GOOD, "students": "900", "teaching_area": "18900"}),
            (town.nine_year, "junior", {**GOOD, "students": "200", "sports_area": "6400"})]
    for school, section, values in rows:
        answer = api.post(f"/api/v1/figure-targets/{target(town.balanced, school).pk}/figures/",
                          {"section": section, "values": values}, format="json")
        assert answer.status_code == 200, answer.json()


def test_the_office_and_the_district_read_the_weighted_results(town):
    city = town.city
    _file_district_a(town)
    url = f"/api/v1/figure-collections/{town.balanced.pk}/results/?district={city.district_a.pk}"
    data = client_for(town.inspector_office).get(url).json()
    assert client_for(town.staff_a).get(url).json() == data
    assert data["progress"] == {"expected": 4, "filed": 4, "missing": []}
    by_key = {(row["indicator"], row["section"]): row for row in data["dispersions"]}
    # 小学 生均教学及辅助用房: 6 ㎡ (100 students), 21 ㎡ (900): x̄ 19.5, S 4.5, CV 0.2308 ≤ 0.50.
    teaching = by_key["teaching_area_per_student", "primary"]
    assert {k: teaching[k] for k in ("mean", "deviation", "cv", "limit", "passed", "schools")} == {
        "mean": "19.50", "deviation": "4.50", "cv": "0.2308", "limit": "0.50", "passed": True, "schools": 2}
    # 初中 生均体育运动场馆: 12 ㎡ (800), 32 ㎡ (200): x̄ = (9600 + 6400) / 1000 = 16;
    # S² = 0.8·16 + 0.2·256 = 64, S = 8, CV = 0.5 > 0.45.
    assert (by_key["sports_area_per_student", "junior"]["cv"], by_key["sports_area_per_student", "junior"]["passed"]) \
        == ("0.5000", False)
    assert data["passed"] is False and "初中“生均体育运动场馆面积”的差异系数0.500，高于0.45。" in data["reasons"]
    assert [(s["name"], s["section"]) for s in data["schools"]] == [
        ("和平一校", "primary"), ("和平第一初中", "junior"), ("和平实验学校", "junior"), ("和平实验学校", "primary")]
    detail = client_for(town.inspector_office).get(f"/api/v1/figure-collections/{town.balanced.pk}/").json()
    assert [d["name"] for d in detail["result_districts"]] == ["和平区", "沈河区"]
    own = client_for(town.staff_a).get(f"/api/v1/figure-collections/{town.balanced.pk}/").json()
    assert [d["name"] for d in own["result_districts"]] == ["和平区"]
    assert {t["district_name"] for t in own["targets"]} == {"和平区"}


def test_preschool_results_over_the_api(town):
    city = town.city
    own = target(town.preschool, city.district_a)
    url = f"/api/v1/figure-collections/{town.preschool.pk}/results/?district={city.district_a.pk}"
    assert client_for(town.staff_a).get(url).json()["summary"] == "区县尚未填报，暂无结果。"
    client_for(town.staff_a).post(f"/api/v1/figure-targets/{own.pk}/figures/",
                                  {"section": "county", "values": COUNTY}, format="json")
    data = client_for(town.inspector_office).get(url).json()
    assert data["passed"] is True and [row["value"] for row in data["indicators"]][:3] == ["88.0", "81.8", "50.0"]


def test_template_and_import_over_the_api(town):
    city = town.city
    api = client_for(town.staff_a)
    base = f"/api/v1/figure-collections/{town.balanced.pk}"
    answer = api.get(f"{base}/template/?district={city.district_a.pk}")
    assert answer.status_code == 200 and answer["Content-Type"] == XLSX
    content = filled(load_workbook(BytesIO(answer.content)), {3: {"D": 0}})
    checked = api.post(f"{base}/import/", {"district": city.district_a.pk, "dry_run": "false",
                                           "file": SimpleUploadedFile("a.xlsx", content)}, format="multipart")
    assert checked.status_code == 200 and checked.json()["ok"] is False and checked.json()["errors"] == [
        {"row": 3, "column": "D", "message": "“在校学生数”必须大于0。"}]
    good = filled(load_workbook(BytesIO(answer.content)))
    dry = api.post(f"{base}/import/", {"district": city.district_a.pk, "file": SimpleUploadedFile("a.xlsx", good)},
                   format="multipart")
    assert dry.status_code == 200 and dry.json() == {"rows": 4, "written": 0, "dry_run": True, "ok": True,
                                                          "errors": []}
    assert not FigureReturn.objects.exists()
    done = api.post(f"{base}/import/", {"district": city.district_a.pk, "dry_run": "false",
                                        "file": SimpleUploadedFile("a.xlsx", good)}, format="multipart")
    assert done.json()["written"] == 4 and FigureReturn.objects.count() == 4
    other = client_for(town.staff_b).post(f"{base}/import/", {"district": city.district_a.pk, "dry_run": "false",
                                                              "file": SimpleUploadedFile("a.xlsx", good)},
                                          format="multipart")
    assert other.status_code == 404
    assert client_for(town.staff_b).get(f"{base}/template/?district={city.district_a.pk}").status_code == 404


def test_create_a_collection_over_the_api(town):
    city = town.city
    body = {"figure_set": "balanced-compulsory", "name": "2022年优质均衡", "year": 2022, "districts": [city.district_b.pk]}
    assert client_for(city.city).post("/api/v1/figure-collections/", body, format="json").status_code == 404
    made = client_for(town.inspector_office).post("/api/v1/figure-collections/", body, format="json")
    assert made.status_code == 201 and made.json()["method"] == "balanced"
    bad = client_for(town.inspector_office).post("/api/v1/figure-collections/", {**body, "figure_set": "nope"},
                                                 format="json")
    assert bad.status_code == 400 and bad.json()["fields"]["figure_set"] == ["没有该要素集。"]


def test_the_lists_cost_the_same_queries_for_more_targets(town):
    city = town.city
    api = client_for(town.inspector_office)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        return len(queries)

    detail = f"/api/v1/figure-collections/{town.balanced.pk}/"
    results = f"{detail}results/?district={city.district_a.pk}"
    _file_district_a(town)
    before = (count("/api/v1/figure-collections/"), count(detail), count(results))
    for n in range(5):
        school = OrganisationFactory.school(parent=city.district_a, name=f"新校{n}")
        town.balanced.targets.create(organisation=school, district=city.district_a)
        FigureReturn.objects.create(target=town.balanced.targets.get(organisation=school), section="primary",
                                    values=GOOD, submitted_by=city.head)
    create_collection(figure_set=FigureSet.objects.get(code="preschool-universal"), year=2022, name="又一次",
                      by=town.inspector_office)
    assert (count("/api/v1/figure-collections/"), count(detail), count(results)) == before
