"""Rubrics built through the services, for the rubric tests and for steps that score with one."""

from decimal import Decimal as D

from workflows.demo.rubrics import STARS
from workflows.engine.rubrics.indicator_edits import add_indicator
from workflows.engine.rubrics.services import create_rubric, set_bands

STAR_BANDS = list(STARS.bands)  # the Liaoning standard's five stars


def school_rubric(department, by, *, name="新优质学校评估", year=2024, pass_mark=D(80), **fields):
    """100 points: A 办学条件 (A1 校舍 20, A2 设备 20), B 教育质量 (B1 课程 10 ×2, B2 学生发展 40)."""
    rubric = create_rubric(department=department, name=name, year=year, by=by, pass_mark=pass_mark,
                           tie_breaks=[{"by": "indicator", "code": "B"}, {"by": "spread"}], **fields)
    add_indicator(rubric=rubric, by=by, code="A", name="办学条件", max_score=40)
    add_indicator(rubric=rubric, by=by, code="A1", name="校舍", max_score=20, parent="A", guidance="生均面积达标")
    add_indicator(rubric=rubric, by=by, code="A2", name="设备", max_score=20, parent="A")
    add_indicator(rubric=rubric, by=by, code="B", name="教育质量", max_score=60)
    add_indicator(rubric=rubric, by=by, code="B1", name="课程", max_score=10, weight=2, parent="B")
    add_indicator(rubric=rubric, by=by, code="B2", name="学生发展", max_score=40, parent="B")
    return rubric


def star_rubric(department, by, *, year=2024):
    """幼儿园星级评定: 1000 points in two indicators, graded into the five star bands."""
    rubric = create_rubric(department=department, name="幼儿园星级评定", year=year, by=by, pass_mark=None)
    add_indicator(rubric=rubric, by=by, code="K1", name="保育教育", max_score=600)
    add_indicator(rubric=rubric, by=by, code="K2", name="办园条件", max_score=400)
    set_bands(rubric=rubric, bands=STAR_BANDS, by=by)
    return rubric
