"""The computations against hand-computed cases: a sheet's weighted total, the trimmed mean and
the mean, the pass mark, the 幼儿园星级 bands (edges and fractions), per-indicator averages and
the ranking with its tie-breaks. Pure functions: no database."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from tests.workflows.engine.rubrics.trees import FLAT_MEAN, SCHOOL, STARS, sheet
from workflows.engine.rubrics import results
from workflows.engine.rubrics.shapes import MEAN, TRIMMED_MEAN, ItemResult


def test_a_sheet_total_weights_each_leaf_by_its_own_and_its_parents_weight():
    # 18 + 15 + 8×2 + 35 = 84
    assert results.sheet_total(SCHOOL, sheet(18, 15, 8, 35)) == D("84.00")
    assert results.sheet_total(SCHOOL, sheet("18.5", D("15.25"), 8, 35)) == D("84.75")


def test_five_or_more_totals_drop_one_highest_and_one_lowest():
    computation = results.panel_result([D(90), D(70), D(85), D(80), D(95)], TRIMMED_MEAN)
    assert computation.dropped == (D(95), D(70))
    assert computation.counted == (D(80), D(85), D(90))
    assert computation.result == D("85.00")
    assert computation.totals == (D(90), D(70), D(85), D(80), D(95))  # as given


def test_a_repeated_extreme_is_dropped_once():
    computation = results.panel_result([90, 90, 80, 70, 70, 60], TRIMMED_MEAN)
    assert computation.dropped == (D(90), D(60))
    assert computation.result == D("77.50")  # (70 + 70 + 80 + 90) / 4


def test_four_totals_under_trimmed_mean_are_all_averaged():
    computation = results.panel_result([90, 70, 85, 80], TRIMMED_MEAN)
    assert computation.dropped == ()
    assert computation.result == D("81.25")


def test_the_mean_rule_never_drops_and_rounds_half_up():
    assert results.panel_result([90, 70, 85, 80, 95], MEAN).result == D("84.00")
    assert results.panel_result([D("80.005"), D("80.00"), D("80.00")], MEAN).result == D("80.00")
    assert results.panel_result([1, 0, 0, 0, 0, 0, 0, 0], MEAN).result == D("0.13")  # 0.125 → 0.13


def test_pass_mark_is_inclusive():
    assert results.verdict(SCHOOL, D(80)).passed is True
    assert results.verdict(SCHOOL, D("79.99")).passed is False
    assert results.verdict(SCHOOL, D(80)).band == ""


@pytest.mark.parametrize(("total", "band"), [
    ("1000", "五星"), ("900", "五星"), ("899.99", "四星"), ("899", "四星"), ("850", "四星"),
    ("849.5", "三星"), ("750", "三星"), ("749.67", "二星"), ("650", "二星"), ("649.5", "一星"),
    ("550", "一星"), ("549.99", ""), ("0", ""),
])
def test_kindergarten_star_bands(total, band):
    outcome = results.verdict(STARS, D(total))
    assert outcome.band == band
    assert outcome.passed is bool(band)  # no pass mark: reaching a band is passing


def test_a_gap_of_more_than_one_point_holds_no_band():
    from workflows.engine.rubrics.shapes import Band
    bands = (Band("良", D(80), D(89)), Band("中", D(60), D(69)))
    assert results.band_of(bands, D("69.5")) == ""
    assert results.band_of(bands, D(75)) == ""
    assert results.band_of(bands, D(69)) == "中"
    assert results.band_of(bands, D(89)) == "良"
    assert results.band_of(bands, D("89.01")) == ""


def test_indicator_scores_average_leaves_and_sum_groups_with_weights():
    sheets = [sheet(18, 15, 8, 35), sheet(20, 16, 9, 30), sheet(16, 14, 10, 32)]
    scores = results.indicator_scores(SCHOOL, sheets)
    assert scores == {"A": D("33.00"), "A1": D("18.00"), "A2": D("15.00"),
                      "B": D("50.33"), "B1": D("9.00"), "B2": D("32.33")}  # B = 9×2 + 32.333


def test_score_item_puts_it_together():
    sheets = [sheet(18, 15, 8, 35), sheet(20, 16, 9, 30), sheet(16, 14, 10, 32), sheet(10, 10, 5, 20),
              sheet(20, 20, 10, 40)]
    # totals 84, 84, 82, 50, 100 → drop 100 and 50 → (84 + 84 + 82) / 3 = 83.33
    outcome = results.score_item(SCHOOL, sheets, key=7)
    assert outcome.key == 7
    assert outcome.computation.totals == (D(84), D(84), D(82), D(50), D(100))
    assert outcome.total == D("83.33")
    assert outcome.verdict.passed is True
    assert outcome.spread == D(50)


def _result(key, total, b, spread_low):
    from workflows.engine.rubrics.shapes import Computation, Verdict
    totals = (D(total) - D(spread_low), D(total) + D(spread_low))
    computation = Computation(rule=MEAN, totals=totals, counted=totals, dropped=(), result=D(total))
    return ItemResult(key=key, computation=computation, verdict=Verdict(True), indicator_scores={"B": D(b)})


def test_rank_by_total_then_the_declared_tie_breaks_in_order():
    items = [_result("p", 80, 50, 1), _result("q", 90, 40, 5), _result("r", 80, 55, 3), _result("s", 80, 50, 2),
             _result("t", 80, 50, 1)]
    ranked = results.rank(items, SCHOOL.tie_breaks)
    assert [(row.rank, row.result.key) for row in ranked] == [(1, "q"), (2, "r"), (3, "p"), (3, "t"), (5, "s")]
    # Without tie-breaks, equal totals share the rank.
    assert [row.rank for row in results.rank(items)] == [1, 2, 2, 2, 2]


def test_rank_refuses_an_unknown_tie_break():
    with pytest.raises(ValidationError) as caught:
        results.rank([], [{"by": "age"}])
    assert caught.value.code == "tie_break_unknown"
    for nameless in ({"by": "indicator"}, {"by": "indicator", "code": " "}):
        with pytest.raises(ValidationError) as caught:
            results.check_tie_breaks([nameless], codes=None)
        assert caught.value.messages == ["按指标得分排名时须写明指标编号。"]


def test_a_sheet_outside_the_rubric_names_every_fault():
    values = {"A1": 21, "A2": -1, "B1": "abc", "Z9": 3, "A": 5}  # B2 missing
    with pytest.raises(ValidationError) as caught:
        results.validate_values(SCHOOL, values)
    errors = caught.value.message_dict
    assert errors["A1"] == ["“校舍”的得分必须在0至20分之间，填写的是21。"]
    assert errors["A2"] == ["“设备”的得分必须在0至20分之间，填写的是-1。"]
    assert errors["B1"] == ["“课程”的得分必须是数字。"]
    assert errors["B2"] == ["请为“学生发展”打分。"]
    assert errors["Z9"] == ["“Z9”不是本评分指标中的指标。"]
    assert errors["A"] == ["“办学条件”是指标分组，请为其下的各项指标打分。"]


@pytest.mark.parametrize("bad", [True, float("nan"), "Infinity", None, "", [1], "1.005"])
def test_what_is_not_a_score(bad):
    with pytest.raises(ValidationError) as caught:
        results.validate_values(FLAT_MEAN, {"X": bad})
    assert list(caught.value.message_dict) == ["X"]


def test_edges_of_the_range_are_scores():
    assert results.validate_values(FLAT_MEAN, {"X": 0}) == {"X": D(0)}
    assert results.validate_values(FLAT_MEAN, {"X": 100.0}) == {"X": D("100.0")}
    assert results.validate_values(FLAT_MEAN, {"X": "99.75"}) == {"X": D("99.75")}


def test_no_sheets_no_result():
    with pytest.raises(ValidationError) as caught:
        results.panel_result([], TRIMMED_MEAN)
    assert caught.value.code == "no_scores"
    with pytest.raises(ValidationError):
        results.panel_result([80], "median")


def test_overlapping_or_inverted_bands_are_refused():
    from workflows.engine.rubrics.shapes import Band
    with pytest.raises(ValidationError) as caught:
        results.check_bands([Band("一星", D(550), D(650)), Band("二星", D(650), D(749))])
    assert caught.value.code == "band_overlap"
    with pytest.raises(ValidationError) as caught:
        results.check_bands([Band("一星", D(650), D(550))])
    assert caught.value.code == "band_invalid"
    with pytest.raises(ValidationError) as caught:
        results.check_bands([Band("一星", D(-1))])
    assert caught.value.code == "band_invalid"
    with pytest.raises(ValidationError) as caught:
        results.check_bands([Band("一星", D(500), D(549)), Band("一星", D(550))])
    assert caught.value.code == "band_duplicate"
    results.check_bands(list(STARS.bands))  # the real ones are fine
