"""The school's self-assessment (自评): a score and a note per indicator of the programme's rubric,
checked against each indicator's maximum. Keyed by the indicator's code, which a rubric's copy
keeps (a score sheet is keyed the same way), so last year's self-assessment reads the same."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workflows.engine.rubrics.tree import rubric_tree

NOTE_MAX = 500


def indicators_of(campaign) -> list:
    """The indicators a school assesses itself on: the leaves of the campaign's programme's rubric
    (IndicatorSpec, in the tree's order); none when the programme has no rubric yet."""
    rubric = campaign.programme.rubric if campaign is not None else None
    return rubric_tree(rubric).leaves if rubric is not None else []


def clean_self_assessment(campaign, value) -> dict:
    """`value` ({code: {"score", "note"}}) as stored: scores as decimal strings within 0 and the
    indicator's max, notes trimmed; a ValidationError on `self_assessment` naming what is wrong."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _error(_("自评得分必须是按指标编号给出的对象。"))
    specs = {spec.code: spec for spec in indicators_of(campaign)}
    cleaned = {}
    for code, entry in value.items():
        spec = specs.get(code)
        if spec is None:
            raise _error(_("指标“%(code)s”不在本项目的评分指标中。") % {"code": code})
        entry = entry if isinstance(entry, dict) else {"score": entry}
        note = str(entry.get("note") or "").strip()
        if len(note) > NOTE_MAX:
            raise _error(_("指标“%(name)s”的说明不能超过%(max)s个字。") % {"name": spec.name, "max": NOTE_MAX})
        score = entry.get("score")
        if score in (None, ""):
            if note:
                cleaned[code] = {"score": "", "note": note}
            continue
        try:
            number = Decimal(str(score))
        except InvalidOperation:
            raise _error(_("指标“%(name)s”的自评得分必须是数字。") % {"name": spec.name}) from None
        if not number.is_finite() or number < 0 or number > spec.max_score:
            raise _error(_("指标“%(name)s”的自评得分须在0至%(max)s分之间。") % {
                "name": spec.name, "max": f"{spec.max_score.normalize():f}"})
        cleaned[code] = {"score": f"{number.normalize():f}", "note": note}
    return cleaned


def missing_scores(campaign, value: dict) -> list[str]:
    """The indicators' names without a self-assessed score, for the submit check."""
    return [spec.name for spec in indicators_of(campaign) if not (value.get(spec.code) or {}).get("score")]


def _error(message) -> ValidationError:
    return ValidationError({"self_assessment": ValidationError(message, code="invalid")})
