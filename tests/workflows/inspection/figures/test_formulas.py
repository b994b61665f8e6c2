"""The formula evaluator: arithmetic over figure codes in Decimal, and nothing else gets through."""

from decimal import Decimal

import pytest

from workflows.inspection.figures.formulas import FormulaError, NotComputable, evaluate, names_in, parse

FIGURES = {"students": Decimal(1000), "teachers": Decimal(42), "area": Decimal("4500.50")}


def test_arithmetic_is_decimal_and_exact():
    assert evaluate("teachers / students * 100", FIGURES) == Decimal("4.2")
    assert evaluate("0.1 + 0.2", {}) == Decimal("0.3")  # a float sum would be 0.30000000000000004
    assert evaluate("-(area - 500) / 2 + +1", FIGURES) == Decimal("-1999.25")
    assert evaluate("(teachers + 8) * 2", FIGURES) == 100
    assert names_in("teachers / students * 100", FIGURES) == {"teachers", "students"}


@pytest.mark.parametrize("text", [
    "__import__('os').system('true')", "students.real", "abs(students)", "students ** 2", "students // 3",
    "students % 7", "students > 3", "students if teachers else area", "[students][0]", "lambda: 1", "'text'",
    "True + students", "students and teachers", "students; teachers", "x := 1", "f'{students}'", "",
    "   ", "students +", "teachers / pupils",
])
def test_anything_but_numbers_codes_and_four_operators_is_refused(text):
    with pytest.raises(FormulaError) as caught:
        parse(text, FIGURES)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


def test_overlong_and_overdeep_formulas_are_refused_before_walking():
    with pytest.raises(FormulaError, match="过长"):
        parse("1+" * 200 + "1", FIGURES)
    with pytest.raises(FormulaError, match="嵌套过深"):
        parse("(" * 40 + "1" + ")" * 40 + "+" + "-" * 40 + "1", FIGURES)


def test_no_value_is_not_computable_not_a_crash():
    with pytest.raises(NotComputable, match="除数为零"):
        evaluate("teachers / (students - 1000)", FIGURES)
    with pytest.raises(NotComputable, match="缺少要素"):
        evaluate("teachers / students", {"teachers": Decimal(1), "students": None})
