"""评分指标 over the API, by the rules of the pages: the department creates a rubric, builds its
tree (two levels), moves, edits and removes indicators, sets grade bands, copies last year's;
a frozen version is 409 for every act with nothing written; bad input is 400 in Chinese with
nothing written; another department, a school and a district reviewer get 404 everywhere."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.rubrics.helpers import STAR_BANDS, school_rubric
from workflows.engine.rubrics.indicator_edits import add_indicator
from workflows.engine.rubrics.models import GradeBand, Indicator, Rubric
from workflows.engine.rubrics.services import use_rubric

pytestmark = pytest.mark.django_db


def snapshot():
    return (AuditEvent.objects.filter(action__startswith="rubric_").count(), list(Rubric.objects.values()),
            list(Indicator.objects.values()), list(GradeBand.objects.values()))


def test_the_department_builds_a_graded_rubric_over_the_api(city):
    api = client_for(city.city)
    made = api.post("/api/v1/rubrics/", {"name": "幼儿园星级评定", "year": 2026, "pass_mark": None,
                                         "result_rule": "mean", "tie_breaks": [{"by": "spread"}]}, format="json")
    assert made.status_code == 201, made.json()
    rubric = made.json()
    assert (rubric["version"], rubric["state"], rubric["indicators"], rubric["department"]) == (
        1, "editing", [], city.department.pk)
    base = f"/api/v1/rubrics/{rubric['id']}/"
    for body in [{"code": "K", "name": "保育教育", "max_score": "600"},
                 {"code": "K1", "name": "一日生活", "max_score": "300", "parent": "K", "guidance": "作息合理"},
                 {"code": "K2", "name": "游戏活动", "max_score": "300", "parent": "K"},
                 {"code": "T", "name": "办园条件", "max_score": "400"}]:
        assert api.post(base + "indicators/", body, format="json").status_code == 201
    banded = api.put(base + "bands/", {"bands": STAR_BANDS}, format="json")
    assert banded.status_code == 200
    shown = banded.json()
    assert [(i["code"], i["parent"], i["depth"], i["leaf"]) for i in shown["indicators"]] == [
        ("K", None, 0, False), ("K1", "K", 1, True), ("K2", "K", 1, True), ("T", None, 0, True)]
    assert shown["full_total"] == "1000.00" and [b["label"] for b in shown["bands"]] == ["五星", "四星", "三星", "二星", "一星"]
    assert shown["bands"][0]["max_score"] is None and shown["bands"][-1]["max_score"] == "649.00"
    k2 = next(i["id"] for i in shown["indicators"] if i["code"] == "K2")
    moved = api.post(f"/api/v1/rubrics/indicators/{k2}/move/", {"direction": "up"}, format="json")
    assert [i["code"] for i in moved.json()["indicators"]] == ["K", "K2", "K1", "T"]
    edited = api.patch(f"/api/v1/rubrics/indicators/{k2}/", {"name": "游戏与学习", "weight": "1.5"}, format="json")
    assert edited.status_code == 200 and edited.json()["full_total"] == "1150.00"
    assert api.patch(base, {"pass_mark": "550"}, format="json").json()["pass_mark"] == "550.00"
    assert api.delete(f"/api/v1/rubrics/indicators/{k2}/").status_code == 204
    listed = api.get("/api/v1/rubrics/", {"year": 2026, "state": "editing"}).json()["results"]
    assert [(r["name"], r["indicator_count"]) for r in listed] == [("幼儿园星级评定", 3)]
    assert api.get("/api/v1/rubrics/", {"state": "frozen"}).json()["results"] == []


def test_a_frozen_version_is_409_for_every_act_and_its_copy_is_editable(city):
    rubric = school_rubric(city.department, city.city, year=2025)
    use_rubric(rubric=rubric, user="专家评分：SY-2025-0007")
    api = client_for(city.city)
    detail = api.get(f"/api/v1/rubrics/{rubric.pk}/").json()
    assert detail["state"] == "frozen" and detail["frozen_by"] == "专家评分：SY-2025-0007"
    a1 = rubric.indicators.get(code="A1").pk
    before = snapshot()
    for answer in [
        api.patch(f"/api/v1/rubrics/{rubric.pk}/", {"name": "改"}, format="json"),
        api.put(f"/api/v1/rubrics/{rubric.pk}/bands/", {"bands": []}, format="json"),
        api.post(f"/api/v1/rubrics/{rubric.pk}/indicators/", {"code": "C", "name": "特色", "max_score": "5"},
                 format="json"),
        api.patch(f"/api/v1/rubrics/indicators/{a1}/", {"max_score": "5"}, format="json"),
        api.post(f"/api/v1/rubrics/indicators/{a1}/move/", {"direction": "down"}, format="json"),
        api.delete(f"/api/v1/rubrics/indicators/{a1}/"),
    ]:
        assert answer.status_code == 409 and "请新建版本" in answer.json()["detail"], answer.json()
    assert snapshot() == before
    copied = api.post(f"/api/v1/rubrics/{rubric.pk}/copy/", {"year": 2026}, format="json")
    assert copied.status_code == 201
    assert (copied.json()["year"], copied.json()["version"], copied.json()["state"], copied.json()["copied_from"]) == (
        2026, 1, "editing", rubric.pk)
    assert len(copied.json()["indicators"]) == 6


@pytest.mark.parametrize(("path", "body", "field", "message"), [
    ("indicators/", {"code": "C", "name": "特色", "max_score": "0"}, "max_score", "满分必须是大于0的数字。"),
    ("indicators/", {"code": "C", "name": "特色", "max_score": "5", "weight": "-1"}, "weight", "权重必须是大于0的数字。"),
    ("indicators/", {"code": "C", "name": "特色", "max_score": "5", "parent": "Z"}, "parent", "上级指标“Z”不在本评分指标中。"),
    ("bands/", {"bands": [{"label": "一星", "min_score": "550", "max_score": "660"},
                          {"label": "二星", "min_score": "650"}]}, None, "等级“一星”与“二星”的分数范围重叠。"),
    ("bands/", {"bands": [{"label": "优", "min_score": "90"}, {"label": "优", "min_score": "80", "max_score": "89"}]},
     None, "等级名称不能重复。"),
    ("", {"pass_mark": "-1"}, "pass_mark", "合格分数线不能为负数。"),
    ("", {"tie_breaks": [{"by": "indicator"}]}, None, "按指标得分排名时须写明指标编号。"),
])
def test_bad_input_is_400_in_chinese_and_nothing_is_written(city, path, body, field, message):
    rubric = school_rubric(city.department, city.city)
    api = client_for(city.city)
    before = snapshot()
    url = f"/api/v1/rubrics/{rubric.pk}/{path}"
    answer = (api.put if path == "bands/" else api.patch if path == "" else api.post)(url, body, format="json")
    assert answer.status_code == 400, answer.json()
    shown = str(answer.json())
    assert message in shown and (field is None or field in answer.json()["fields"])
    assert snapshot() == before


def test_strangers_get_404_everywhere_and_nothing_is_written(city):
    rubric = school_rubric(city.department, city.city)
    a1 = rubric.indicators.get(code="A1").pk
    other = person("vocational", Role.CITY_HEAD, OrganisationFactory.department(name="职业教育处", code="vocational"))
    before = snapshot()
    for stranger in [other, city.head, city.reviewer]:
        api = client_for(stranger)
        answers = [
            api.get(f"/api/v1/rubrics/{rubric.pk}/"),
            api.get("/api/v1/rubrics/", {"department": city.department.pk}),
            api.post("/api/v1/rubrics/", {"department": city.department.pk, "name": "冒名", "year": 2026},
                     format="json"),
            api.patch(f"/api/v1/rubrics/{rubric.pk}/", {"name": "改"}, format="json"),
            api.put(f"/api/v1/rubrics/{rubric.pk}/bands/", {"bands": []}, format="json"),
            api.post(f"/api/v1/rubrics/{rubric.pk}/copy/", {}, format="json"),
            api.post(f"/api/v1/rubrics/{rubric.pk}/indicators/", {"code": "C", "name": "特色", "max_score": "5"},
                     format="json"),
            api.patch(f"/api/v1/rubrics/indicators/{a1}/", {"max_score": "5"}, format="json"),
            api.post(f"/api/v1/rubrics/indicators/{a1}/move/", {"direction": "down"}, format="json"),
            api.delete(f"/api/v1/rubrics/indicators/{a1}/"),
        ]
        assert [a.status_code for a in answers] == [404] * len(answers), stranger
    assert snapshot() == before
    own = client_for(other).get("/api/v1/rubrics/")
    assert own.status_code == 200 and own.json()["results"] == []  # their own department's: none


def test_the_list_and_one_rubric_cost_the_same_queries_for_few_and_many(city):
    api = client_for(city.city)
    first = school_rubric(city.department, city.city, name="评估一")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        return len(queries)

    few = (count("/api/v1/rubrics/"), count(f"/api/v1/rubrics/{first.pk}/"))
    for n in range(2, 8):
        school_rubric(city.department, city.city, name=f"评估{n}", pass_mark=D(60))
    for n in range(10):
        add_indicator(rubric=first, by=city.city, code=f"C{n}", name=f"特色{n}", max_score=5, parent="B")
    assert (count("/api/v1/rubrics/"), count(f"/api/v1/rubrics/{first.pk}/")) == few
