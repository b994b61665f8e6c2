"""Rubric trees for the computation tests, written by hand (no database)."""

from decimal import Decimal as D

from workflows.engine.rubrics.shapes import MEAN, TRIMMED_MEAN, Band, IndicatorSpec, RubricTree

# A 100-point school rubric: two groups, the second weighted double inside.
SCHOOL = RubricTree(
    name="新优质学校评估",
    rule=TRIMMED_MEAN,
    pass_mark=D(80),
    indicators=(
        IndicatorSpec("A", "办学条件", D(40)),
        IndicatorSpec("A1", "校舍", D(20), parent="A"),
        IndicatorSpec("A2", "设备", D(20), parent="A"),
        IndicatorSpec("B", "教育质量", D(60)),
        IndicatorSpec("B1", "课程", D(10), weight=D(2), parent="B"),
        IndicatorSpec("B2", "学生发展", D(40), parent="B"),
    ),
    tie_breaks=({"by": "indicator", "code": "B"}, {"by": "spread"}),
)

# 幼儿园星级评定 (辽教通〔2023〕205号): graded, not pass/fail. 1000 points.
STARS = RubricTree(
    name="幼儿园星级评定",
    rule=TRIMMED_MEAN,
    indicators=(IndicatorSpec("K1", "保育教育", D(600)), IndicatorSpec("K2", "办园条件", D(400))),
    bands=(
        Band("五星", D(900)),
        Band("四星", D(850), D(899)),
        Band("三星", D(750), D(849)),
        Band("二星", D(650), D(749)),
        Band("一星", D(550), D(649)),
    ),
)

FLAT_MEAN = RubricTree(indicators=(IndicatorSpec("X", "总体", D(100)),), rule=MEAN)


def sheet(a1, a2, b1, b2) -> dict:
    return {"A1": a1, "A2": a2, "B1": b1, "B2": b2}
