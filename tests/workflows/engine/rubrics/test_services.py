"""The rubric services on PostgreSQL: each change audited, a frozen version never changes, a copy
is a new editable version, and the computations read what was saved."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from tests.workflows.engine.rubrics.helpers import school_rubric, star_rubric
from workflows.engine.rubrics import results
from workflows.engine.rubrics.indicator_edits import add_indicator, edit_indicator, remove_indicator
from workflows.engine.rubrics.models import Indicator, Rubric
from workflows.engine.rubrics.services import (
    RubricFrozen,
    copy_rubric,
    create_rubric,
    edit_rubric,
    rubric_tree,
    set_bands,
    use_rubric,
)
from workflows.engine.rubrics.shapes import Band, IndicatorSpec

pytestmark = pytest.mark.django_db


def events(rubric):
    return list(AuditEvent.objects.filter(object_id=str(rubric.pk), action__startswith="rubric_")
                .order_by("seq").values_list("action", flat=True))


def test_the_tree_reads_back_depth_first_with_codes_weights_and_bands(city):
    rubric = school_rubric(city.department, city.city)
    tree = rubric_tree(rubric)
    assert [spec.code for spec in tree.indicators] == ["A", "A1", "A2", "B", "B1", "B2"]
    assert tree.indicators[4] == IndicatorSpec("B1", "课程", D("10.00"), D("2.000"), "B")
    assert tree.pass_mark == D("80.00") and tree.rule == "trimmed_mean"
    assert results.sheet_total(tree, {"A1": 18, "A2": 15, "B1": 8, "B2": 35}) == D(84)
    stars = rubric_tree(star_rubric(city.department, city.city))
    assert [band.label for band in stars.bands] == ["五星", "四星", "三星", "二星", "一星"]
    assert stars.bands[0] == Band("五星", D(900), None)
    assert results.verdict(stars, D("649.5")).band == "一星"
    assert events(rubric) == ["rubric_create"] + ["rubric_indicator_add"] * 6


def test_use_freezes_once_and_every_edit_after_is_refused_with_nothing_written(city):
    rubric = school_rubric(city.department, city.city)
    use_rubric(rubric=rubric, by=city.city, user="2024年新优质学校申报")
    use_rubric(rubric=rubric, by=city.city, user="again")  # idempotent: no second event
    rubric.refresh_from_db()
    assert rubric.frozen and rubric.frozen_by == "2024年新优质学校申报"
    before = (list(Indicator.objects.filter(rubric=rubric).values()), list(rubric.bands.values()), rubric.pass_mark)
    a1 = rubric.indicators.get(code="A1")
    refused = [
        lambda: edit_rubric(rubric=rubric, by=city.city, pass_mark=D(60)),
        lambda: add_indicator(rubric=rubric, by=city.city, code="C", name="特色", max_score=10),
        lambda: edit_indicator(indicator=a1, by=city.city, max_score=30),
        lambda: remove_indicator(indicator=a1, by=city.city),
        lambda: set_bands(rubric=rubric, bands=[{"label": "优", "min_score": 90}], by=city.city),
    ]
    for attempt in refused:
        with pytest.raises(RubricFrozen) as caught:
            attempt()
        assert caught.value.status_code == 409
        assert "请新建版本" in str(caught.value.message)
    rubric.refresh_from_db()
    assert (list(Indicator.objects.filter(rubric=rubric).values()), list(rubric.bands.values()),
            rubric.pass_mark) == before
    assert events(rubric).count("rubric_freeze") == 1


def test_a_new_version_copies_everything_and_leaves_the_frozen_one_unchanged(city):
    rubric = star_rubric(city.department, city.city)
    use_rubric(rubric=rubric, user="2024年度幼儿园星级评定")
    copy = copy_rubric(rubric=rubric, by=city.city)
    assert (copy.name, copy.year, copy.version, copy.frozen, copy.copied_from_id) == (
        "幼儿园星级评定", 2024, 2, False, rubric.pk)
    assert rubric_tree(copy).indicators == rubric_tree(rubric).indicators
    assert rubric_tree(copy).bands == rubric_tree(rubric).bands
    edit_indicator(indicator=copy.indicators.get(code="K1"), by=city.city, max_score=700)
    assert rubric_tree(rubric).by_code()["K1"].max_score == D(600)
    assert events(copy) == ["rubric_copy", "rubric_indicator_edit"]


def test_last_years_rubric_becomes_this_years_version_one_with_its_tree(city):
    last = school_rubric(city.department, city.city, year=2023)
    this = copy_rubric(rubric=last, by=city.city, year=2024)
    assert (this.year, this.version) == (2024, 1)
    tree = rubric_tree(this)
    assert [(s.code, s.parent) for s in tree.indicators] == [(s.code, s.parent) for s in rubric_tree(last).indicators]
    assert tree.tie_breaks == rubric_tree(last).tie_breaks


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"max_score": -5}, "max_score", "满分必须是大于0的数字。"),
    ({"max_score": 0}, "max_score", "满分必须是大于0的数字。"),
    ({"weight": "x"}, "weight", "权重必须是大于0的数字。"),
    ({"code": "A1"}, "code", "编号“A1”已被本评分指标中的其他指标使用。"),
    ({"parent": "Z"}, "parent", "上级指标“Z”不在本评分指标中。"),
    ({"name": " "}, "name", "请填写指标名称。"),
])
def test_a_bad_indicator_is_refused_by_field_and_nothing_is_written(city, fields, field, message):
    rubric = school_rubric(city.department, city.city)
    count, event_count = Indicator.objects.count(), AuditEvent.objects.count()
    values = {"code": "C", "name": "特色", "max_score": 10, **fields}
    with pytest.raises(ValidationError) as caught:
        add_indicator(rubric=rubric, by=city.city, **values)
    assert caught.value.message_dict[field] == [message]
    assert (Indicator.objects.count(), AuditEvent.objects.count()) == (count, event_count)


def test_an_indicator_cannot_move_under_itself_or_its_children(city):
    rubric = school_rubric(city.department, city.city)
    group = rubric.indicators.get(code="A")
    for target in ("A", "A1"):
        with pytest.raises(ValidationError) as caught:
            edit_indicator(indicator=group, by=city.city, parent=target)
        assert caught.value.message_dict["parent"] == ["不能把指标移到它自己或它的下级指标之下。"]
    edit_indicator(indicator=rubric.indicators.get(code="A2"), by=city.city, parent="B", order=5)
    assert [(s.code, s.parent) for s in rubric_tree(rubric).indicators][-1] == ("A2", "B")


def test_removing_a_group_removes_its_indicators(city):
    rubric = school_rubric(city.department, city.city)
    remove_indicator(indicator=rubric.indicators.get(code="A"), by=city.city)
    assert [spec.code for spec in rubric_tree(rubric).indicators] == ["B", "B1", "B2"]


def test_overlapping_bands_are_refused_and_the_old_ones_stay(city):
    rubric = star_rubric(city.department, city.city)
    before = list(rubric.bands.values_list("label", "min_score", "max_score"))
    with pytest.raises(ValidationError) as caught:
        set_bands(rubric=rubric, by=city.city, bands=[{"label": "一星", "min_score": 550, "max_score": 660},
                                                      {"label": "二星", "min_score": 650}])
    assert caught.value.messages == ["等级“一星”与“二星”的分数范围重叠。"]
    with pytest.raises(ValidationError) as caught:
        set_bands(rubric=rubric, by=city.city, bands=[{"label": "一星", "min_score": "abc"}])
    assert caught.value.code == "band_not_number"
    assert list(rubric.bands.values_list("label", "min_score", "max_score")) == before


def test_a_rubric_that_cannot_score_is_not_taken_into_use(city):
    empty = create_rubric(department=city.department, name="空", year=2024, by=city.city)
    with pytest.raises(ValidationError) as caught:
        use_rubric(rubric=empty)
    assert caught.value.code == "rubric_empty"
    high = school_rubric(city.department, city.city, name="高线", pass_mark=D(101))
    with pytest.raises(ValidationError) as caught:
        use_rubric(rubric=high)
    assert caught.value.messages == ["合格分数线101.00高于满分100.00，不能启用。"]
    edit_rubric(rubric=high, by=city.city, pass_mark=D(60), tie_breaks=[{"by": "indicator", "code": "Q"}])
    with pytest.raises(ValidationError) as caught:
        use_rubric(rubric=high)
    assert caught.value.code == "tie_break_indicator"
    assert not Rubric.objects.filter(frozen_at__isnull=False).exists()


def test_rubric_fields_are_checked(city):
    with pytest.raises(ValidationError) as caught:
        create_rubric(department=city.department, name="A", year=2024, by=city.city, pass_mark=D(-1))
    assert caught.value.message_dict["pass_mark"] == ["合格分数线不能为负数。"]
    with pytest.raises(ValidationError) as caught:
        create_rubric(department=city.department, name="A", year=2024, by=city.city, tie_breaks=[{"by": "age"}])
    assert caught.value.code == "tie_break_unknown"
    rubric = create_rubric(department=city.department, name="A", year=2024, by=city.city)
    with pytest.raises(ValidationError):
        edit_rubric(rubric=rubric, by=city.city, frozen_at=None)
    assert create_rubric(department=city.department, name="A", year=2024, by=city.city).version == 2
    assert not Rubric.objects.filter(pass_mark__lt=0).exists()
