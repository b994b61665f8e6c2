"""Checking a target's figures as they are submitted (typed on the page, sent to the API or read
from a district's workbook): each figure present, a number, to its decimals, in its range, > 0
where it must be; then the set's cross-field rules ("骨干 teachers ≤ teachers"). Every failure is
a Chinese message keyed by the figure's code; nothing is stored unless there is none."""

import ast
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from workflows.inspection.figures.formulas import NotComputable, evaluate, parse
from workflows.inspection.figures.indicators import AT_LEAST, show

RULE_KEY = "__all__"  # a rule whose left side names no figure


def as_decimal(raw) -> Decimal | None:
    """A typed or imported value as a Decimal, None when it is not a finite number."""
    if raw is None or isinstance(raw, bool):
        return None
    text = str(raw).strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def check_figure(figure, raw) -> tuple[Decimal | None, str]:
    """(value, "") or (None, the Chinese reason) for one figure's raw value."""
    words = {"name": figure.name, "unit": figure.unit, "decimals": figure.decimals}
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, _("请填写“%(name)s”。") % words
    value = as_decimal(raw)
    if value is None:
        return None, _("“%(name)s”须为数字。") % words
    if value.adjusted() >= 15:  # beyond any count or area, and beyond what quantize can hold
        return None, _("“%(name)s”数值过大。") % words
    if value != value.quantize(Decimal(1).scaleb(-figure.decimals)):
        if figure.decimals == 0:
            return None, _("“%(name)s”须为整数。") % words
        return None, _("“%(name)s”最多保留%(decimals)s位小数。") % words
    if figure.positive and value <= 0:
        return None, _("“%(name)s”必须大于0。") % words
    if figure.min_value is not None and value < figure.min_value:
        return None, _("“%(name)s”不能小于%(min)s%(unit)s。") % {**words, "min": _plain(figure.min_value)}
    if figure.max_value is not None and value > figure.max_value:
        return None, _("“%(name)s”不能大于%(max)s%(unit)s。") % {**words, "max": _plain(figure.max_value)}
    return value, ""


def check_values(figures, rules, raw: dict) -> tuple[dict, dict]:
    """({code: Decimal}, {code: message}) for a whole return: `figures` and `rules` of the set."""
    raw = dict(raw or {})
    clean, errors = {}, {}
    codes = {figure.code for figure in figures}
    for code in sorted(set(raw) - codes):
        errors[str(code)] = _("“%(code)s”不是本套要素。") % {"code": code}
    for figure in figures:
        value, message = check_figure(figure, raw.get(figure.code))
        if message:
            errors[figure.code] = message
        else:
            clean[figure.code] = value
    for rule in rules:
        key = _first_name(rule.left, codes)
        if key in errors:
            continue
        try:
            known = {code: clean.get(code) for code in codes}  # None where the figure has its own error
            left, right = evaluate(rule.left, known), evaluate(rule.right, known)
        except NotComputable:
            continue  # a figure the rule reads has its own error already
        if not (left >= right if rule.comparison == AT_LEAST else left <= right):
            errors[key] = rule.message
    return clean, errors


def stored(clean: dict, figures) -> dict:
    """The values as the return keeps them: strings, each to its figure's decimals."""
    return {figure.code: show(clean[figure.code], figure.decimals) for figure in figures}


def _first_name(text: str, codes) -> str:
    names = [node for node in ast.walk(parse(text, codes)) if isinstance(node, ast.Name)]
    return min(names, key=lambda node: node.col_offset).id if names else RULE_KEY


def _plain(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")
