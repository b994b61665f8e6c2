"""数据采集's services: a collection's targets, a school's figures checked as they are filed (a
Chinese message per figure, nothing written on any error), sections, and who may file (attacks)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404

from core.audit.models import AuditEvent
from tests.workflows.inspection.figures.conftest import COUNTY, GOOD, target
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.inspection.figures.models import FigureCollection, FigureReturn, FigureSet
from workflows.inspection.figures.selectors import collection_for, progress
from workflows.inspection.figures.services import create_collection, mark_target, submit_figures


def test_a_collection_asks_the_compulsory_schools_or_the_districts(town):
    city = town.city
    asked = {t.organisation.name for t in town.balanced.targets.all()}
    assert asked == {"和平一校", "和平第一初中", "和平实验学校", "沈河一校"}  # not the special school
    assert {t.organisation for t in town.preschool.targets.all()} == {city.district_a, city.district_b}
    assert all(t.district == t.organisation for t in town.preschool.targets.all())
    event = AuditEvent.objects.get(action="figures_collection_create", object_id=str(town.preschool.pk))
    assert event.data["targets"] == 2 and event.actor == town.inspector_office
    assert progress(town.balanced, city.district_a).expected == 4  # 一校, 初中, and 实验学校's two parts
    assert collection_for(figure_set_code="balanced-compulsory", year=2021) == town.balanced
    assert collection_for(figure_set_code="balanced-compulsory", year=2022) is None


def test_only_the_supervision_office_starts_a_collection_and_bad_input_writes_nothing(town):
    city = town.city
    figure_set = FigureSet.objects.get(code="balanced-compulsory")
    before = FigureCollection.objects.count()
    for outsider in (city.city, city.reviewer, city.head):  # 基础教育处, a district, a school
        with pytest.raises(NotFound):
            create_collection(figure_set=figure_set, year=2022, name="越权", by=outsider)
    with pytest.raises(ValidationError) as caught:
        create_collection(figure_set=figure_set, year=1999, name=" ", by=town.inspector_office,
                          districts=[city.school_a.pk])
    assert set(caught.value.message_dict) == {"name", "year", "districts"}
    assert caught.value.message_dict["districts"] == ["请选择有效的区县。"]
    assert FigureCollection.objects.count() == before


def test_a_school_files_its_figures_stored_to_their_decimals(town):
    city = town.city
    row = submit_figures(target=target(town.balanced, city.school_a), section="primary", values=GOOD, by=city.head)
    assert row.values["teaching_area"] == "6000.50" and row.values["students"] == "1000"
    again = submit_figures(target=target(town.balanced, city.school_a), section="primary",
                           values={**GOOD, "students": 1200}, by=city.head)
    assert again.pk == row.pk and again.values["students"] == "1200"  # filed again: the same row, replaced
    event = AuditEvent.objects.filter(action="figures_submit").order_by("seq").last()
    assert (event.actor, event.data["section"], event.data["values"]["students"]) == (city.head, "primary", "1200")


@pytest.mark.parametrize("changes, field, message", [
    ({"students": "0"}, "students", "“在校学生数”必须大于0。"),
    ({"students": "-5"}, "students", "“在校学生数”必须大于0。"),
    ({"students": ""}, "students", "请填写“在校学生数”。"),
    ({"students": None}, "students", "请填写“在校学生数”。"),
    ({"teachers": "八十"}, "teachers", "“专任教师数”须为数字。"),
    ({"teachers": "80.5"}, "teachers", "“专任教师数”须为整数。"),
    ({"teaching_area": "6000.555"}, "teaching_area", "“教学及辅助用房面积”最多保留2位小数。"),
    ({"multimedia_rooms": "100001"}, "multimedia_rooms", "“网络多媒体教室数”不能大于100000间。"),
    ({"equipment_value": "-1"}, "equipment_value", "“教学仪器设备资产值”不能小于0万元。"),
    ({"equipment_value": "1e20"}, "equipment_value", "“教学仪器设备资产值”数值过大。"),
    ({"backbone_teachers": "81"}, "backbone_teachers", "县级及以上骨干教师数不能多于专任教师数。"),
    ({"degree_teachers": "90"}, "degree_teachers", "高于规定学历的专任教师数不能多于专任教师数。"),
    ({"ratio": "4.2"}, "ratio", "“ratio”不是本套要素。"),
])
def test_bad_figures_are_refused_per_field_in_chinese_and_nothing_is_written(town, changes, field, message):
    city = town.city
    values = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}  # None: the figure left out
    with pytest.raises(ValidationError) as caught:
        submit_figures(target=target(town.balanced, city.school_a), section="primary", values=values, by=city.head)
    assert caught.value.message_dict[field] == [message]
    assert not FigureReturn.objects.exists() and not AuditEvent.objects.filter(action="figures_submit").exists()


def test_every_failing_figure_is_reported_at_once(town):
    city = town.city
    with pytest.raises(ValidationError) as caught:
        submit_figures(target=target(town.balanced, city.school_a), section="primary",
                       values={"students": "0", "teachers": "x"}, by=city.head)
    assert len(caught.value.message_dict) == 9  # the two bad ones and seven missing
    assert caught.value.message_dict["sports_area"] == ["请填写“体育运动场馆面积”。"]


def test_sections_follow_the_school_type(town):
    city = town.city
    with pytest.raises(ValidationError) as caught:
        submit_figures(target=target(town.balanced, city.school_a), section="junior", values=GOOD, by=city.head)
    assert caught.value.message_dict["section"] == ["和平一校应填报的学段为：小学。"]
    nine = target(town.balanced, town.nine_year)
    for section in ("primary", "junior"):  # a 九年一贯制 school files its two parts apart
        submit_figures(target=nine, section=section, values=GOOD, by=town.nine_year_head)
    assert sorted(nine.returns.values_list("section", flat=True)) == ["junior", "primary"]
    with pytest.raises(ValidationError):
        submit_figures(target=target(town.preschool, city.district_a), section="primary", values=COUNTY,
                       by=town.staff_a)


def test_a_district_files_its_county_figures_and_its_schools(town):
    city = town.city
    submit_figures(target=target(town.preschool, city.district_a), section="county", values=COUNTY, by=town.staff_a)
    submit_figures(target=target(town.balanced, city.school_a), section="primary", values=GOOD, by=town.staff_a)
    assert FigureReturn.objects.count() == 2
    with pytest.raises(ValidationError) as caught:
        submit_figures(target=target(town.preschool, city.district_a), section="county",
                       values={**COUNTY, "public_enrolled": "7300"}, by=town.staff_a)
    assert caught.value.message_dict["public_enrolled"] == [
        "公办园属于普惠性幼儿园，其在园幼儿数不能多于普惠性幼儿园在园幼儿数。"]


def test_attacks_on_filing_write_nothing(town):
    city = town.city
    own = target(town.balanced, city.school_a)
    anonymous = AnonymousUser()
    for intruder, error in ((city.head_b, NotFound), (town.staff_b, NotFound), (city.city, NotFound),
                            (city.reviewer, NotAllowed), (city.district_head, NotAllowed),
                            (town.inspector_office, NotAllowed), (town.junior_head, NotFound)):
        with pytest.raises(error):
            submit_figures(target=own, section="primary", values=GOOD, by=intruder)
    with pytest.raises(Http404):
        submit_figures(target=own.pk, section="primary", values=GOOD, by=anonymous)
    with pytest.raises(NotFound):
        submit_figures(target=target(town.preschool, city.district_b), section="county", values=COUNTY,
                       by=town.staff_a)
    with pytest.raises(NotFound):
        submit_figures(target=987654321, section="primary", values=GOOD, by=city.head)
    assert not FigureReturn.objects.exists()


def test_a_closed_collection_takes_no_figures(town):
    city = town.city
    FigureCollection.objects.filter(pk=town.balanced.pk).update(is_open=False)
    with pytest.raises(ValidationError, match="不再接受填报"):
        submit_figures(target=target(town.balanced, city.school_a), section="primary", values=GOOD, by=city.head)
    assert not FigureReturn.objects.exists()


def test_only_the_office_marks_a_teaching_point_or_an_exclusion(town):
    city = town.city
    own = target(town.balanced, city.school_a)
    for intruder, error in ((city.head, NotAllowed), (town.staff_a, NotAllowed), (city.head_b, NotFound)):
        with pytest.raises(error):
            mark_target(target=own.pk, by=intruder, teaching_point=True, excluded_reason="")
    marked = mark_target(target=own.pk, by=town.inspector_office, teaching_point=True, excluded_reason="新建校")
    assert (marked.teaching_point, marked.excluded_reason) == (True, "新建校")
    assert AuditEvent.objects.filter(action="figures_target_marked").count() == 1


def test_the_seeded_formulas_read_their_sets_figures_and_a_bad_one_is_refused(town):
    from workflows.inspection.figures.models import FigureIndicator, FigureRule

    for row in [*FigureIndicator.objects.all(), *FigureRule.objects.all()]:
        row.clean()  # every seeded formula and rule parses over its own set's figure codes
    assert FigureIndicator.objects.count() == 13 and FigureRule.objects.count() == 6
    indicator = FigureIndicator.objects.get(code="degree_per_100")
    indicator.formula = "degree_teachers / enrolled * 100"  # a figure of the other set
    with pytest.raises(ValidationError) as caught:
        indicator.clean()
    assert caught.value.message_dict == {"formula": ["公式中的“enrolled”不是本套要素的代码。"]}
