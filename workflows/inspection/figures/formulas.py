"""Formulas as data: a small safe evaluator over figure codes.

A formula is an arithmetic expression written by the 督导室 ("degree_teachers / students * 100"):
numbers, figure codes, + - * /, unary minus and parentheses, nothing else. It is parsed with
Python's `ast` and walked node by node; no eval(), no attribute, call, subscript or comparison
is ever reached. Arithmetic is Decimal, so 4.2 stays 4.2 and a verdict at the threshold is exact.
"""

import ast
from decimal import Decimal, DivisionByZero, InvalidOperation

from django.utils.translation import gettext as _

MAX_LENGTH = 300
MAX_DEPTH = 30  # a formula nested deeper than anyone writes is refused, not walked

_OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


class FormulaError(ValueError):
    """A formula that cannot be read (bad syntax, a forbidden construct, an unknown code)."""


class NotComputable(ArithmeticError):
    """A valid formula that has no value for these figures (a division by zero, a missing figure)."""


def parse(text: str, names) -> ast.Expression:
    """The formula's tree, checked: only the allowed nodes, only codes in `names`."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError(_("公式不能为空。"))
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("公式过长（最多%(max)s个字符）。") % {"max": MAX_LENGTH})
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise FormulaError(_("公式“%(text)s”无法解析，只能使用数字、要素代码、+ - * / 和括号。") % {"text": text}) from None
    _check(tree.body, set(names), 0)
    return tree


def names_in(text: str, names) -> set[str]:
    """The figure codes a (valid) formula reads."""
    return {node.id for node in ast.walk(parse(text, names)) if isinstance(node, ast.Name)}


def evaluate(text: str, values: dict) -> Decimal:
    """The formula's value for `values` ({code: Decimal}); NotComputable where it has none."""
    return _value(parse(text, values.keys()).body, values)


def _check(node, names: set, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FormulaError(_("公式嵌套过深。"))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        _check(node.left, names, depth + 1)
        _check(node.right, names, depth + 1)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _check(node.operand, names, depth + 1)
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return
    elif isinstance(node, ast.Name):
        if node.id not in names:
            raise FormulaError(_("公式中的“%(name)s”不是本套要素的代码。") % {"name": node.id})
    else:
        raise FormulaError(_("公式中含有不允许的内容，只能使用数字、要素代码、+ - * / 和括号。"))


def _value(node, values: dict) -> Decimal:
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, values), _value(node.right, values)
        if isinstance(node.op, ast.Div) and right == 0:
            raise NotComputable(_("除数为零"))
        try:
            return _OPERATORS[type(node.op)](left, right)
        except (InvalidOperation, DivisionByZero):
            raise NotComputable(_("无法计算")) from None
    if isinstance(node, ast.UnaryOp):
        operand = _value(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Constant):
        # str() first: Decimal(0.1) would carry the float's binary error into the verdict.
        return Decimal(str(node.value))
    value = values.get(node.id)
    if value is None:
        raise NotComputable(_("缺少要素“%(name)s”") % {"name": node.id})
    return Decimal(value)
