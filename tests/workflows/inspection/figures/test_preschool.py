"""县域学前教育普及普惠: each indicator's verdict and the county's, against hand-computed figures."""

from decimal import Decimal

from tests.workflows.inspection.figures.specs import PRESCHOOL_SPECS
from workflows.inspection.figures.preschool import preschool_result

# 毛入园率 8800/10000 = 88.0% ≥ 85; 普惠覆盖率 7200/8800 = 81.8% ≥ 80; 公办占比 4300/8800 = 48.86% < 50;
# 生师比 8800/600 = 14.67 ≤ 15; 生均园舍 80000/8800 = 9.09 ≥ 8; 平均班额 8800/300 = 29.33 ≤ 30.
COUNTY = {"age_population": 10000, "enrolled": 8800, "inclusive_enrolled": 7200, "public_enrolled": 4300,
          "staff": 1300, "teachers": 600, "building_area": 80000, "classes": 300}


def figures(**changes):
    return {k: Decimal(v) for k, v in {**COUNTY, **changes}.items()}


def test_one_indicator_short_fails_the_county_and_says_which():
    result = preschool_result(figures(), PRESCHOOL_SPECS)
    by_code = {item.spec.code: item for item in result.values}
    assert [by_code[c].shown for c in ("gross_enrolment", "inclusive_coverage", "public_share", "children_per_teacher",
                                       "area_per_child", "average_class_size")] == [
        "88.0", "81.8", "48.9", "14.7", "9.09", "29.3"]
    assert [c for c, item in by_code.items() if not item.met] == ["public_share"]
    assert not result.passed
    assert result.summary == "未达到县域学前教育普及普惠标准：1项指标未达标（公办园在园幼儿占比）。"
    # 50 − 48.8636… = 1.1364… → 1.1; 48.8636/50 = 97.7%
    assert "“公办园在园幼儿占比”为48.9%，未达到标准（不低于50.0%），差1.1%，为标准的97.7%。" in result.verdicts


def test_at_the_threshold_is_met_and_a_ceiling_counts_the_other_way():
    result = preschool_result(figures(public_enrolled=4400), PRESCHOOL_SPECS)  # 4400/8800 = exactly 50%
    assert result.passed and result.summary == "6项指标全部达标，达到县域学前教育普及普惠标准。"
    crowded = preschool_result(figures(public_enrolled=4400, classes=290), PRESCHOOL_SPECS)  # 8800/290 = 30.34 > 30
    missed = [item for item in crowded.values if not item.met]
    assert [item.spec.code for item in missed] == ["average_class_size"] and not crowded.passed
    assert "不高于30.0人" in crowded.verdicts[-1]
