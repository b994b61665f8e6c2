"""The seeded sets' indicators as the pure computations take them (no database), and figures for a
school written as its indicator values: `school(students=1000, sports=Decimal("6.8"))` gives the raw
figures whose 生均体育运动场馆面积 is 6.8 ㎡."""

from decimal import Decimal

from workflows.inspection.figures.indicators import IndicatorSpec
from workflows.inspection.figures.seed import BALANCED, PRESCHOOL


def specs_of(data) -> list[IndicatorSpec]:
    return [IndicatorSpec(code=row["code"], name=row["name"], formula=row["formula"], unit=row.get("unit", ""),
                          decimals=row.get("decimals", 2), comparison=row.get("comparison", "gte"),
                          thresholds={k: Decimal(v) for k, v in row["thresholds"].items()})
            for row in data["indicators"]]


BALANCED_SPECS = specs_of(BALANCED)
PRESCHOOL_SPECS = specs_of(PRESCHOOL)

# Comfortably above every 小学 and 初中 threshold.
GOOD = {"degree": "6", "backbone": "1.5", "pe_arts": "1.2", "teaching": "6", "sports": "11", "equipment": "3000",
        "multimedia": "2.5"}


def school(students, **rates) -> dict:
    """Raw figures of a school of `students` whose indicators are `rates` (GOOD where not given)."""
    r = {k: Decimal(v) for k, v in {**GOOD, **rates}.items()}
    p = Decimal(students)
    return {
        "students": p, "teachers": p,  # as many teachers as students: no cross rule matters here
        "degree_teachers": r["degree"] * p / 100, "backbone_teachers": r["backbone"] * p / 100,
        "pe_arts_teachers": r["pe_arts"] * p / 100, "teaching_area": r["teaching"] * p,
        "sports_area": r["sports"] * p, "equipment_value": r["equipment"] * p / 10000,
        "multimedia_rooms": r["multimedia"] * p / 100,
    }
