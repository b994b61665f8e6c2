"""The 评分指标 pages in Chinese, for the owning department's staff: the list by year and state, a
new rubric, its indicator tree (add, edit, move, remove with what is under it), grade bands, the
copy acts; a frozen version read-only, every act on it refused with nothing written. Strangers (another
department, a school, a district reviewer) get 404 and write nothing; bad input is refused by
the services in Chinese; the list and the tree cost the same queries for few rows as for many."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.engine.rubrics.helpers import school_rubric, star_rubric
from tests.workflows.web.conftest import client_for
from workflows.engine.rubrics.indicator_edits import add_indicator
from workflows.engine.rubrics.models import GradeBand, Indicator, Rubric
from workflows.engine.rubrics.services import use_rubric

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"workflows:{name}", args=args)


def snapshot():
    return (AuditEvent.objects.filter(action__startswith="rubric_").count(), list(Rubric.objects.values()), list(Indicator.objects.values()),
            list(GradeBand.objects.values()))


def test_the_department_builds_a_rubric_with_two_levels_and_bands(city):
    client = client_for(city.city)
    home = client.get(url("todo")).content.decode()
    assert url("rubrics") in home and "评分指标" in home
    page = client.get(url("rubrics")).content.decode()
    assert "新建评分指标" in page and "没有符合条件的评分指标" in page
    made = client.post(url("rubric-create"), {"department": city.department.pk, "name": "幼儿园星级评定", "year": 2026,
                                              "pass_mark": "", "result_rule": "trimmed_mean", "tie_breaks": "K1、分差"})
    rubric = Rubric.objects.get()
    assert made.status_code == 302 and made["Location"] == url("rubric", rubric.pk)
    assert rubric.tie_breaks == [{"by": "indicator", "code": "K1"}, {"by": "spread"}] and rubric.pass_mark is None
    for code, name, top, parent in [("K", "保育教育", 600, ""), ("K1", "一日生活", 300, "K"), ("K2", "游戏活动", 300, "K"),
                                    ("T", "办园条件", 400, "")]:
        added = client.post(url("rubric-indicator-add", rubric.pk), {"code": code, "name": name, "max_score": top,
                                                                     "weight": 1, "parent": parent, "guidance": ""})
        assert added.status_code == 302, added.content.decode()
    bands = {"label_0": "五星", "min_0": "900", "max_0": "", "label_1": "四星", "min_1": "850", "max_1": "899",
             "label_2": "一星", "min_2": "550", "max_2": "649", "label_3": "", "min_3": "", "max_3": ""}
    assert client.post(url("rubric-bands", rubric.pk), bands).status_code == 302
    shown = client.get(url("rubric", rubric.pk)).content.decode()
    assert "幼儿园星级评定（2026年第1版）" in shown and "编辑中" in shown and "不设合格线" in shown
    assert 'class="group depth-0" id="indicator-K"' in shown and 'class="leaf depth-1" id="indicator-K1"' in shown
    assert 'id="full-total">1000' in shown and 'value="五星"' in shown and "K1、分差" in shown
    assert list(rubric.bands.values_list("label", "min_score", "max_score")) == [
        ("五星", D(900), None), ("四星", D(850), D(899)), ("一星", D(550), D(649))]
    listed = client.get(url("rubrics")).content.decode()
    assert "幼儿园星级评定" in listed and "<td data-label=\"指标数\">4</td>" in listed


def test_indicators_are_edited_moved_and_removed_with_what_is_under_them(city):
    rubric = school_rubric(city.department, city.city)
    client = client_for(city.city)
    a2 = rubric.indicators.get(code="A2")
    form = client.get(url("rubric-indicator", a2.pk)).content.decode()
    assert "修改指标：A2 设备" in form and 'value="设备"' in form
    assert client.post(url("rubric-indicator-edit", a2.pk), {"code": "A2", "name": "设施设备", "max_score": "25",
                                                             "weight": "1", "parent": "A", "guidance": "配备齐全"}
                       ).status_code == 302
    a2.refresh_from_db()
    assert (a2.name, a2.max_score, a2.guidance) == ("设施设备", D(25), "配备齐全")
    assert client.post(url("rubric-indicator-move", a2.pk), {"direction": "up"}).status_code == 302
    assert list(rubric.indicators.filter(parent__code="A").order_by("order").values_list("code", flat=True)) == ["A2", "A1"]
    edge = client.post(url("rubric-indicator-move", a2.pk), {"direction": "up"})
    assert edge.status_code == 400 and "已经排在同级的最前面" in edge.content.decode()
    group = rubric.indicators.get(code="A")
    asked = client.post(url("rubric-indicator-remove", group.pk))
    assert asked.status_code == 200 and "其下的2项指标将一并删除" in asked.content.decode()
    assert rubric.indicators.filter(code="A").exists()
    done = client.post(url("rubric-indicator-remove", group.pk), {"confirmed": "1"})
    assert done.status_code == 302
    assert sorted(rubric.indicators.values_list("code", flat=True)) == ["B", "B1", "B2"]


def test_a_frozen_version_is_read_only_and_every_act_on_it_writes_nothing(city):
    rubric = school_rubric(city.department, city.city)
    use_rubric(rubric=rubric, by=city.city, user="专家评分：SY-2026-0001")
    client = client_for(city.city)
    page = client.get(url("rubric", rubric.pk)).content.decode()
    assert "已冻结" in page and "使用方：专家评分：SY-2026-0001" in page and "复制为新版本" in page
    assert "添加指标" not in page and "保存等级划分" not in page and url("rubric-edit", rubric.pk) not in page
    assert "专家评分：SY-2026-0001" in client.get(url("rubrics")).content.decode()
    before = snapshot()
    a1 = rubric.indicators.get(code="A1")
    for posted in [
        client.post(url("rubric-edit", rubric.pk), {"name": "改", "year": 2024, "result_rule": "mean"}),
        client.post(url("rubric-indicator-add", rubric.pk), {"code": "C", "name": "特色", "max_score": 5, "weight": 1}),
        client.post(url("rubric-bands", rubric.pk), {"label_0": "优", "min_0": "90"}),
        client.post(url("rubric-indicator-edit", a1.pk), {"code": "A1", "name": "改", "max_score": 5, "weight": 1,
                                                          "parent": "A"}),
        client.post(url("rubric-indicator-move", a1.pk), {"direction": "down"}),
        client.post(url("rubric-indicator-remove", rubric.indicators.get(code="A").pk)),
    ]:
        assert posted.status_code == 409 and "请新建版本" in posted.content.decode()
    assert snapshot() == before
    copied = client.post(url("rubric-copy", rubric.pk), {"year": rubric.year})
    new = Rubric.objects.get(copied_from=rubric)
    assert copied["Location"] == url("rubric", new.pk) and (new.version, new.frozen) == (2, False)
    assert new.indicators.count() == 6


def test_last_years_rubric_is_copied_to_this_year_from_the_list(city):
    this_year = timezone.localdate().year
    old = star_rubric(city.department, city.city, year=this_year - 1)
    client = client_for(city.city)
    listed = client.get(url("rubrics")).content.decode()
    assert f"复制为{this_year}年度" in listed
    client.post(url("rubric-copy", old.pk), {"year": this_year})
    new = Rubric.objects.get(year=this_year)
    assert (new.version, new.bands.count(), new.indicators.count()) == (1, 5, 2)
    assert f"复制为{this_year}年度" not in client.get(url("rubrics")).content.decode()
    frozen_only = client.get(url("rubrics"), {"state": "frozen"}).content.decode()
    assert "没有符合条件的评分指标" in frozen_only
    by_year = client.get(url("rubrics"), {"year": this_year - 1}).content.decode()
    assert f"<td data-label=\"年度\">{this_year - 1}</td>" in by_year and f"<td data-label=\"年度\">{this_year}</td>" not in by_year


@pytest.mark.parametrize(("name", "data", "message"), [
    ("rubric-indicator-add", {"code": "C", "name": "特色", "max_score": "0", "weight": "1"}, "满分必须是大于0的数字。"),
    ("rubric-indicator-add", {"code": "C", "name": "特色", "max_score": "-3", "weight": "1"}, "满分必须是大于0的数字。"),
    ("rubric-indicator-add", {"code": "C", "name": "特色", "max_score": "5", "weight": "0"}, "权重必须是大于0的数字。"),
    ("rubric-indicator-add", {"code": "A1", "name": "特色", "max_score": "5", "weight": "1"}, "编号“A1”已被本评分指标中的其他指标使用。"),
    ("rubric-indicator-add", {"code": "C", "name": "特色", "max_score": "五", "weight": "1"}, "输入一个数字。"),
    ("rubric-bands", {"label_0": "一星", "min_0": "550", "max_0": "660", "label_1": "二星", "min_1": "650"},
     "等级“一星”与“二星”的分数范围重叠。"),
    ("rubric-bands", {"label_0": "", "min_0": "550"}, "请填写等级名称。"),
    ("rubric-bands", {"label_0": "优", "min_0": "90", "max_0": "80"}, "最高分不能低于最低分"),
    ("rubric-edit", {"name": "新优质学校评估", "year": 2024, "pass_mark": "-1", "result_rule": "mean"}, "合格分数线不能为负数。"),
    ("rubric-edit", {"name": " ", "year": 2024, "result_rule": "mean"}, "这个字段是必填项。"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(city, name, data, message):
    rubric = school_rubric(city.department, city.city)
    before = snapshot()
    answer = client_for(city.city).post(url(name, rubric.pk), data)
    assert answer.status_code == 400 and message in answer.content.decode()
    assert snapshot() == before


def test_strangers_get_404_on_every_rubric_page_and_write_nothing(city):
    rubric = school_rubric(city.department, city.city)
    a1 = rubric.indicators.get(code="A1")
    other = person("vocational", Role.CITY_HEAD, OrganisationFactory.department(name="职业教育处", code="vocational"))
    before = snapshot()
    own_list = client_for(other).get(url("rubrics"), {"department": city.department.pk}).content.decode()
    assert "职业教育处评分指标" in own_list and "新优质学校评估" not in own_list  # their own, empty
    for stranger in [city.head, city.reviewer]:
        assert url("rubrics") not in client_for(stranger).get(url("todo")).content.decode()
        assert client_for(stranger).get(url("rubrics")).status_code == 404
    for stranger in [other, city.head, city.reviewer]:
        client = client_for(stranger)
        for page in [url("rubric", rubric.pk), url("rubric-indicator", a1.pk)]:
            assert client.get(page).status_code == 404, (stranger, page)
        for act, data in [
            (url("rubric-create"), {"department": city.department.pk, "name": "冒名", "year": 2024,
                                    "result_rule": "mean"}),
            (url("rubric-edit", rubric.pk), {"name": "改", "year": 2024, "result_rule": "mean"}),
            (url("rubric-bands", rubric.pk), {"label_0": "优", "min_0": "90"}),
            (url("rubric-copy", rubric.pk), {"year": 2025}),
            (url("rubric-indicator-add", rubric.pk), {"code": "C", "name": "特色", "max_score": 5, "weight": 1}),
            (url("rubric-indicator-edit", a1.pk), {"code": "A1", "name": "改", "max_score": 5, "weight": 1}),
            (url("rubric-indicator-move", a1.pk), {"direction": "down"}),
            (url("rubric-indicator-remove", a1.pk), {"confirmed": "1"}),
        ]:
            assert client.post(act, data).status_code == 404, (stranger, act)
    assert snapshot() == before


def _queries(client, page) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_the_list_and_the_tree_cost_the_same_queries_for_few_and_many(city):
    client = client_for(city.city)
    first = school_rubric(city.department, city.city, name="评估一")
    few = (_queries(client, url("rubrics")), _queries(client, url("rubric", first.pk)))
    for n in range(2, 8):
        school_rubric(city.department, city.city, name=f"评估{n}")
    for n in range(12):
        add_indicator(rubric=first, by=city.city, code=f"C{n}", name=f"特色{n}", max_score=5, parent="B")
    use_rubric(rubric=Rubric.objects.get(name="评估2"), user="批次")
    many = (_queries(client, url("rubrics")), _queries(client, url("rubric", first.pk)))
    assert many == few


def test_every_rubric_page_labels_every_control_with_no_duplicate_ids(city):
    from tests.workflows.web.test_accessibility import check

    rubric = school_rubric(city.department, city.city)
    client = client_for(city.city)
    group = rubric.indicators.get(code="A")
    check(client.get(url("rubrics")).content.decode())
    editable = check(client.get(url("rubric", rubric.pk)).content.decode())
    assert {attrs.get("name") for _tag, attrs in editable.controls} >= {"code", "parent", "label_0", "tie_breaks", "year"}
    assert any(attrs.get("aria-label") == "上移教育质量" for attrs, _text in editable.buttons)
    check(client.get(url("rubric-indicator", group.pk)).content.decode())
    check(client.post(url("rubric-indicator-remove", group.pk)).content.decode())
    use_rubric(rubric=rubric, user="批次")
    frozen = check(client.get(url("rubric", rubric.pk)).content.decode())
    assert {attrs.get("name") for _tag, attrs in frozen.controls} == {"year", "language"}  # copy; the footer
