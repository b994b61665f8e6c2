"""Properties of the computations over generated rubrics and sheets (hypothesis)."""

from decimal import Decimal as D

from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.engine.rubrics import results
from workflows.engine.rubrics.shapes import MEAN, TRIMMED_MEAN, Band, IndicatorSpec, RubricTree

scores = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
totals_lists = st.lists(scores, min_size=1, max_size=15)


@st.composite
def trees(draw):
    """One or two levels, 1–4 groups of 1–4 leaves, maxima 1–100, weights 0.5–3."""
    indicators = []
    for g in range(draw(st.integers(1, 4))):
        group = f"G{g}"
        indicators.append(IndicatorSpec(group, f"组{g}", D(100), weight=draw(st.sampled_from([D(1), D("0.5"), D(2)]))))
        for leaf in range(draw(st.integers(1, 4))):
            indicators.append(IndicatorSpec(f"{group}.{leaf}", f"项{g}.{leaf}", D(draw(st.integers(1, 100))),
                                            weight=draw(st.sampled_from([D(1), D("1.5"), D(3)])), parent=group))
    return RubricTree(indicators=tuple(indicators))


@st.composite
def tree_and_sheet(draw):
    tree = draw(trees())
    sheet = {spec.code: draw(st.decimals(min_value=0, max_value=spec.max_score, places=2)) for spec in tree.leaves}
    return tree, sheet


@given(totals_lists, st.sampled_from([MEAN, TRIMMED_MEAN]), st.randoms())
def test_the_result_lies_within_the_totals_and_ignores_their_order(totals, rule, rnd):
    computation = results.panel_result(totals, rule)
    assert min(totals) <= computation.result <= max(totals)
    shuffled = list(totals)
    rnd.shuffle(shuffled)
    assert results.panel_result(shuffled, rule).result == computation.result


@given(totals_lists)
def test_trimming_only_from_five_and_only_the_extremes(totals):
    computation = results.panel_result(totals, TRIMMED_MEAN)
    if len(totals) < 5:
        mean = results.panel_result(totals, MEAN)
        assert (computation.dropped, computation.counted, computation.result) == ((), mean.counted, mean.result)
    else:
        ordered = sorted(totals)
        assert computation.dropped == (ordered[-1], ordered[0])
        assert len(computation.counted) == len(totals) - 2
        assert ordered[1] <= computation.result <= ordered[-2]


@given(tree_and_sheet())
@settings(max_examples=200)
def test_any_in_range_sheet_is_accepted_and_totals_between_zero_and_full_marks(case):
    tree, sheet = case
    assert results.validate_values(tree, sheet) == sheet
    full = sum(spec.max_score * tree.effective_weight(spec.code) for spec in tree.leaves)
    assert D(0) <= results.sheet_total(tree, sheet) <= results.rounded(full)


@given(tree_and_sheet(), st.data())
def test_one_score_over_its_max_is_refused_and_named(case, data):
    tree, sheet = case
    spec = data.draw(st.sampled_from(tree.leaves))
    sheet[spec.code] = spec.max_score + data.draw(st.sampled_from([D("0.01"), D(1), D(50)]))
    try:
        results.validate_values(tree, sheet)
    except ValidationError as exc:
        assert list(exc.message_dict) == [spec.code]
    else:
        raise AssertionError("a score over the max was accepted")


@st.composite
def contiguous_bands(draw):
    """Bands written in whole points, as departments write them: 550–649, 650–749, ..., top open."""
    edges = sorted(draw(st.sets(st.integers(0, 1000), min_size=2, max_size=6)))
    bands = [Band(f"等级{i}", D(low), D(high - 1)) for i, (low, high) in enumerate(zip(edges, edges[1:]))]
    return [*bands, Band("最高", D(edges[-1]))]


@given(contiguous_bands(), scores, scores)
def test_every_total_above_the_lowest_band_has_exactly_one_band_and_more_never_grades_lower(bands, a, b):
    results.check_bands(bands)
    order = [band.label for band in sorted(bands, key=lambda band: band.min_score)]
    low, high = sorted([a, b])
    band_low, band_high = results.band_of(bands, low), results.band_of(bands, high)
    lowest = min(band.min_score for band in bands)
    assert (band_low != "") == (low >= lowest)
    if band_low:
        assert sum(band.min_score <= low and band.label == band_low for band in bands) == 1
        assert order.index(band_high) >= order.index(band_low)


@given(st.lists(st.lists(scores, min_size=1, max_size=6), min_size=1, max_size=12))
def test_ranks_follow_the_totals(panels):
    tree = RubricTree(indicators=(IndicatorSpec("X", "总体", D(1000)),), rule=TRIMMED_MEAN)
    items = [results.score_item(tree, [{"X": total} for total in panel], key=i) for i, panel in enumerate(panels)]
    ranked = results.rank(items, [{"by": "spread"}])
    assert sorted(row.result.key for row in ranked) == list(range(len(panels)))
    for before, after in zip(ranked, ranked[1:]):
        assert before.result.total >= after.result.total
        assert before.rank <= after.rank
        if before.rank == after.rank:
            assert (before.result.total, before.result.spread) == (after.result.total, after.result.spread)
    assert ranked[0].rank == 1
