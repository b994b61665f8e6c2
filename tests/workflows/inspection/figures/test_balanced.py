"""义务教育优质均衡's computed part against hand-computed cases: each school's 7 indicators (≥6 met,
the 7th at ≥85%), the student-weighted 差异系数 per section, 一贯制 split, exclusions as data and
the 2-school minimum. Every expected number is worked out by hand in the comments."""

import statistics
from decimal import Decimal

from tests.workflows.inspection.figures.specs import BALANCED_SPECS, school
from workflows.inspection.figures.balanced import (
    Params,
    Unit,
    county_result,
    dispersion,
    exclusion_reason,
    school_result,
    weighted_dispersion,
)
from workflows.inspection.figures.seed import BALANCED

PARAMS = Params(exclusions=tuple(BALANCED["exclusions"]))
D = Decimal


def unit(code, section, students, name=None, **rates) -> Unit:
    return Unit(code=code, name=name or f"学校{code}", section=section, figures=school(students, **rates),
                school_type={"primary": "primary", "junior": "junior"}[section])


def verdict(students=1000, section="primary", **rates):
    return school_result(unit("2101020001", section, students, **rates), BALANCED_SPECS, PARAMS)


def test_all_seven_met_passes():
    result = verdict()
    assert result.passed and result.met_count == 7 and result.verdict == "7项指标全部达标。"


def test_exactly_at_the_threshold_is_met():
    # 42 teachers / 1000 students × 100 = 4.2 = the 小学 threshold; 小学 2.3 rooms per 100 likewise.
    result = verdict(degree="4.2", multimedia="2.3")
    assert result.met_count == 7 and result.passed


def test_one_missed_at_no_less_than_85_percent_passes_and_says_by_how_much():
    # 生均体育运动场馆面积 6.8 ㎡ against 7.5: short by 0.70, 6.8 / 7.5 = 90.67 % ≥ 85 %.
    result = verdict(sports="6.8")
    assert result.passed and result.met_count == 6
    assert result.verdict == ("达标：6项达标，“生均体育运动场馆面积”为6.80㎡，未达到标准（不低于7.50㎡），"
                              "差0.70㎡，为标准的90.7%。")


def test_one_missed_exactly_at_85_percent_passes():
    # 6.375 / 7.5 = 0.85 exactly: "no less than 85%" includes it.
    assert verdict(sports="6.375").passed


def test_one_missed_below_85_percent_fails():
    # 6.0 / 7.5 = 80.0 % < 85 %.
    result = verdict(sports="6")
    assert not result.passed and result.met_count == 6
    assert result.verdict.startswith("未达标：6项达标（须至少6项达标，其余不低于标准的85.0%），")
    assert "差1.50㎡，为标准的80.0%。" in result.verdict


def test_two_missed_fails_even_when_both_are_near():
    # 7.0 / 7.5 = 93.3 %, 2.2 / 2.3 = 95.7 %: both near, but only 5 of 7 met.
    result = verdict(sports="7", multimedia="2.2")
    assert not result.passed and result.met_count == 5
    assert "“生均体育运动场馆面积”" in result.verdict and "“每百名学生拥有网络多媒体教室数”" in result.verdict


def test_the_same_figures_meet_the_primary_but_not_the_junior_thresholds():
    # 生均教学及辅助用房 5.0 ㎡: ≥ 4.5 for 小学, < 5.8 for 初中 (86.2 %, so the 初中 passes on 6 of 7).
    assert verdict(teaching="5").met_count == 7
    junior = verdict(section="junior", teaching="5")
    assert junior.met_count == 6 and junior.passed and "为标准的86.2%" in junior.verdict


def test_weighted_dispersion_by_hand():
    # x = 6 (P = 100), x = 21 (P = 900):
    # x̄ = (6·100 + 21·900) / 1000 = 19.5; S² = 0.1·(6 − 19.5)² + 0.9·(21 − 19.5)² = 18.225 + 2.025 = 20.25;
    # S = 4.5; CV = 4.5 / 19.5 = 0.230769…
    mean, deviation, cv = weighted_dispersion([(D(6), D(100)), (D(21), D(900))])
    assert (mean, deviation) == (D("19.5"), D("4.5"))
    assert cv.quantize(D("0.000001")) == D("0.230769")


def test_weighting_turns_a_primary_fail_into_a_pass():
    # 生均教学及辅助用房面积: a small school at 6 ㎡ (100 students), a big one at 21 ㎡ (900).
    # Weighted (above): CV = 0.2308 ≤ 0.50 → passes.
    # Unweighted: mean 13.5, population SD 7.5, CV = 0.5556 > 0.50 → would fail.
    units = [unit("2101020001", "primary", 100, teaching="6"), unit("2101020002", "primary", 900, teaching="21")]
    result = county_result(units, BALANCED_SPECS, PARAMS)
    teaching = next(d for d in result.dispersions if d.spec.code == "teaching_area_per_student")
    assert teaching.cv.quantize(D("0.0001")) == D("0.2308") and teaching.passed
    assert (teaching.schools, teaching.students, teaching.limit) == (2, D(1000), D("0.50"))
    unweighted = statistics.pstdev([6, 21]) / statistics.mean([6, 21])
    assert round(unweighted, 4) == 0.5556 > 0.50
    assert result.passed, result.reasons


def test_weighting_turns_a_junior_pass_into_a_fail():
    # 生均体育运动场馆面积 (初中, limit 0.45): 800 students at 12 ㎡, two schools of 100 at 32 ㎡.
    # Weighted: x̄ = (12·800 + 32·100 + 32·100) / 1000 = 16; S² = 0.8·16 + 0.1·256 + 0.1·256 = 64; S = 8;
    #           CV = 8 / 16 = 0.50 > 0.45 → fails.
    # Unweighted: mean 25.33, population SD 9.43, CV = 0.3722 ≤ 0.45 → would pass.
    units = [unit("2101020011", "junior", 800, sports="12"), unit("2101020012", "junior", 100, sports="32"),
             unit("2101020013", "junior", 100, sports="32")]
    result = county_result(units, BALANCED_SPECS, PARAMS)
    sports = next(d for d in result.dispersions if d.spec.code == "sports_area_per_student")
    assert (sports.mean, sports.deviation, sports.cv) == (D(16), D(8), D("0.5"))
    assert not sports.passed and sports.limit == D("0.45")
    unweighted = statistics.pstdev([12, 32, 32]) / statistics.mean([12, 32, 32])
    assert round(unweighted, 4) == 0.3722 < 0.45
    assert not result.passed
    assert result.reasons == ["初中“生均体育运动场馆面积”的差异系数0.500，高于0.45。"]
    assert all(school.passed for school in result.schools)  # every school meets the standard: only the CV fails


def test_a_nine_year_school_counts_as_its_primary_and_junior_parts():
    # 实验学校 files a 小学部 (600) and an 初中部 (400); with one 小学 and one 初中 beside it, each section
    # has 2 units. 每百名学生骨干教师 in 小学: 实验学校小学部 1.5 (600), 第一小学 1.0 (400):
    # x̄ = (1.5·600 + 1.0·400) / 1000 = 1.3; S² = 0.6·0.04 + 0.4·0.09 = 0.06; CV = √0.06 / 1.3 = 0.188422…
    nine = [Unit("2101020007", "实验学校", "primary", school(600), "nine_year"),
            Unit("2101020007", "实验学校", "junior", school(400), "nine_year")]
    units = [*nine, unit("2101020003", "primary", 400, backbone="1.0"), unit("2101020005", "junior", 500)]
    result = county_result(units, BALANCED_SPECS, PARAMS)
    assert sorted((r.unit.name, r.unit.section) for r in result.schools) == [
        ("学校2101020003", "primary"), ("学校2101020005", "junior"), ("实验学校", "junior"), ("实验学校", "primary")]
    backbone = next(d for d in result.dispersions if d.spec.code == "backbone_per_100" and d.section == "primary")
    assert (backbone.schools, backbone.students, backbone.mean) == (2, D(1000), D("1.3"))
    assert backbone.cv.quantize(D("0.000001")) == D("0.188422")
    assert {d.section for d in result.dispersions} == {"primary", "junior"} and len(result.dispersions) == 14


def test_exclusions_are_data_and_leave_the_school_out():
    special = Unit("2101020013", "特殊教育学校", "primary", school(80), "special")
    small_point = Unit("2101020020", "某教学点", "primary", school(40), "primary", teaching_point=True)
    big_point = Unit("2101020021", "大教学点", "primary", school(60), "primary", teaching_point=True)
    marked = Unit("2101020022", "在建学校", "primary", school(300), "primary", excluded_reason="新建校未满一年")
    assert exclusion_reason(special, PARAMS) == "特殊教育学校不参与计算"
    assert exclusion_reason(small_point, PARAMS) == "不足50人的教学点不参与计算"
    assert exclusion_reason(big_point, PARAMS) == ""  # 60 students: takes part
    assert exclusion_reason(marked, PARAMS) == "新建校未满一年"
    assert exclusion_reason(Unit("1", "小学", "primary", school(40), "primary"), PARAMS) == ""  # not a 教学点
    # With no rule in the data, the special school counts.
    assert exclusion_reason(special, Params()) == ""
    result = county_result([special, small_point, big_point, marked, unit("2101020003", "primary", 900)],
                           BALANCED_SPECS, PARAMS)
    assert [u.name for u, _reason in result.left_out] == ["特殊教育学校", "某教学点", "在建学校"]
    assert sorted(r.unit.name for r in result.schools) == ["大教学点", "学校2101020003"]


def test_fewer_than_two_schools_computes_no_dispersion_and_no_verdict():
    result = county_result([unit("2101020003", "primary", 900)], BALANCED_SPECS, PARAMS)
    assert all(d.cv is None and not d.passed for d in result.dispersions) and len(result.dispersions) == 7
    assert result.dispersions[0].note == "参与计算的学校少于2所，不计算差异系数。"
    assert not result.passed
    assert county_result([], BALANCED_SPECS, PARAMS).reasons == ["没有参与计算的学校。"]


def test_a_zero_mean_says_so_instead_of_dividing():
    units = [unit("1", "primary", 100, backbone="0"), unit("2", "primary", 100, backbone="0")]
    item = dispersion(BALANCED_SPECS[1], "primary", [school_result(u, BALANCED_SPECS, PARAMS) for u in units], PARAMS)
    assert item.cv is None and not item.passed and item.note == "全县平均值为0，差异系数无意义。"


def test_a_failing_school_fails_the_county_by_name():
    units = [unit("2101020001", "primary", 500, name="第一小学", sports="6"), unit("2101020002", "primary", 500)]
    result = county_result(units, BALANCED_SPECS, PARAMS)
    assert "第一小学（小学）未达标。" in result.reasons and not result.passed
