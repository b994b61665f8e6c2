"""Changing rubrics, one service per change, each audited on the rubric (`rubric_*` events):

    create_rubric(*, department, name, year, by, pass_mark=None, result_rule=..., tie_breaks=())
    edit_rubric(*, rubric, by, **fields)          name, year, pass_mark, result_rule, tie_breaks
    set_bands(*, rubric, bands, by)               the grade bands, all at once
    copy_rubric(*, rubric, by, year=None)         a new editable version (last year's → this year's)
    use_rubric(*, rubric, by=None, user="")       freeze it: a campaign, a plan or a scoring step uses it
    rubric_tree (re-exported from .tree)          what the computations read

The indicators are edited by `indicator_edits`. Every edit takes the rubric's row lock (one NOWAIT
attempt: a concurrent edit is 409) and is refused on a frozen version (409 `RubricFrozen`, the
page offers a new version). Only the owning department's staff (rules.py) reach any of them; others
get 404. Bad input is a Chinese ValidationError and nothing is written.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit.services import record_event
from workflows.engine.envelope import service
from workflows.engine.exceptions import Conflict
from workflows.engine.locking import lock_row
from workflows.engine.rubrics import results
from workflows.engine.rubrics.models import GradeBand, Indicator, ResultRule, Rubric
from workflows.engine.rubrics.rules import check_department, rubric_for
from workflows.engine.rubrics.shapes import Band
from workflows.engine.rubrics.tree import rubric_tree

__all__ = ["RubricFrozen", "copy_rubric", "create_rubric", "edit_rubric", "rubric_tree", "set_bands", "use_rubric"]

EDITABLE = ("name", "year", "pass_mark", "result_rule", "tie_breaks")


class RubricFrozen(Conflict):
    default_message = gettext_lazy("此版本的评分指标已启用（冻结），不能再修改。如需调整，请新建版本，已启用的版本保持不变。")


def open_for_edit(rubric_ref, by) -> Rubric:
    """The rubric, in scope for `by`, locked and not frozen."""
    rubric = lock_row(Rubric, rubric_for(by, rubric_ref).pk)
    if rubric.frozen:
        raise RubricFrozen()
    return rubric


def audit(rubric, action, by, **data):
    record_event(action=f"rubric_{action}", target=rubric, actor=by, organisation=rubric.department, data=data)


@service
def create_rubric(*, department, name, year, by, pass_mark=None, result_rule=ResultRule.TRIMMED_MEAN,
                  tie_breaks=()) -> Rubric:
    """A new rubric of `department`, version 1 of its name and year (the next version if that
    name and year exist already), with no indicators yet."""
    check_department(by, department)
    rubric = Rubric(department=department, name=(name or "").strip(), year=year, pass_mark=pass_mark,
                    result_rule=result_rule, tie_breaks=list(tie_breaks))
    rubric.version = _next_version(rubric)
    _check(rubric)
    rubric.save()
    audit(rubric, "create", by, fields=field_values(rubric, EDITABLE + ("version",)))
    return rubric


@service
def edit_rubric(*, rubric, by, **fields) -> Rubric:
    """Change the named fields (of EDITABLE) of an editable version."""
    only_fields(fields, EDITABLE, code="rubric_field_unknown")
    rubric = open_for_edit(rubric, by)
    before = field_values(rubric, fields)
    for name, value in fields.items():
        setattr(rubric, name, value.strip() if name == "name" else list(value) if name == "tie_breaks" else value)
    if {"name", "year"} & set(fields) and (before.get("name"), before.get("year")) != (rubric.name, rubric.year):
        rubric.version = _next_version(rubric)
    _check(rubric)
    rubric.save()
    audit(rubric, "edit", by, before=before, after=field_values(rubric, fields))
    return rubric


@service
def set_bands(*, rubric, bands, by) -> list[GradeBand]:
    """Replace the rubric's grade bands with `bands` (mappings with label, min_score and an optional
    max_score). Refused when two bands overlap, a label repeats or a range is invalid."""
    rubric = open_for_edit(rubric, by)
    specs = [_band(row) for row in bands]
    results.check_bands(specs)
    rubric.bands.all().delete()
    rows = GradeBand.objects.bulk_create(
        GradeBand(rubric=rubric, label=spec.label, min_score=spec.min_score, max_score=spec.max_score) for spec in specs
    )
    audit(rubric, "bands_set", by, bands=[_band_data(spec) for spec in specs])
    return rows


@service
def copy_rubric(*, rubric, by, year=None) -> Rubric:
    """A new, editable version copied from `rubric` (frozen or not, left unchanged): its
    indicators, bands, pass mark, rule and tie-breaks. `year`: the new version's year (last
    year's rubric → this year's); default the same year, as the next version."""
    source = rubric_for(by, rubric)
    copy = Rubric(department=source.department, name=source.name, year=year or source.year, copied_from=source,
                  pass_mark=source.pass_mark, result_rule=source.result_rule, tie_breaks=list(source.tie_breaks))
    copy.version = _next_version(copy)
    _check(copy)
    copy.save()
    rows = list(source.indicators.order_by("order", "id"))
    made = {}
    for row in sorted(rows, key=lambda row: _depth(row, {r.pk: r for r in rows})):
        made[row.pk] = Indicator.objects.create(
            rubric=copy, parent=made.get(row.parent_id), code=row.code, name=row.name, guidance=row.guidance,
            max_score=row.max_score, weight=row.weight, order=row.order)
    GradeBand.objects.bulk_create(GradeBand(rubric=copy, label=band.label, min_score=band.min_score,
                                            max_score=band.max_score) for band in source.bands.all())
    audit(copy, "copy", by, source=source.pk, source_label=str(source), year=copy.year, version=copy.version)
    return copy


@service
def use_rubric(*, rubric, by=None, user="") -> Rubric:
    """Freeze `rubric` because something uses it (`user`: what, e.g. "2024年度幼儿园星级评定"). From
    then on it is never edited; later edits go to a copy. Called by the service that takes it into
    use, after its own permission check (a campaign's, a plan's, a scoring step's); a department's
    page calls it for its own rubrics. Idempotent: a frozen rubric is returned as it is. Refused
    (400) when it could not score anything: no indicators, a tie-break on a missing indicator, a
    pass mark or band above the full total."""
    rubric = lock_row(Rubric, getattr(rubric, "pk", rubric))
    if rubric.frozen:
        return rubric
    _check_ready(rubric_tree(rubric))
    rubric.frozen_at, rubric.frozen_by = timezone.now(), str(user)[:200]
    rubric.save(update_fields=["frozen_at", "frozen_by"])
    audit(rubric, "freeze", by, user=rubric.frozen_by)
    return rubric


def full_total(tree) -> Decimal:
    """The most a sheet can total: every leaf at its max."""
    return results.rounded(sum((spec.max_score * tree.effective_weight(spec.code) for spec in tree.leaves),
                               Decimal(0)))


def _check_ready(tree) -> None:
    if not tree.leaves:
        raise ValidationError(_("评分指标还没有任何指标，不能启用。"), code="rubric_empty")
    results.check_tie_breaks(tree.tie_breaks, codes={spec.code for spec in tree.indicators})
    top = full_total(tree)
    if tree.pass_mark is not None and tree.pass_mark > top:
        raise ValidationError(_("合格分数线%(mark)s高于满分%(top)s，不能启用。"), code="pass_mark_above_total",
                              params={"mark": tree.pass_mark, "top": top})
    for band in tree.bands:
        if band.min_score > top:
            raise ValidationError(_("等级“%(label)s”的最低分%(min)s高于满分%(top)s，不能启用。"),
                                  code="band_above_total", params={"label": band.label, "min": band.min_score, "top": top})


def _check(rubric) -> None:
    if not rubric.name:
        raise ValidationError({"name": _("请填写评分指标的名称。")}, code="rubric_name_missing")
    if rubric.pass_mark is not None and Decimal(rubric.pass_mark) < 0:
        raise ValidationError({"pass_mark": _("合格分数线不能为负数。")}, code="pass_mark_negative")
    if not isinstance(rubric.tie_breaks, list):
        raise ValidationError({"tie_breaks": _("排名规则必须是列表。")}, code="tie_break_unknown")
    results.check_tie_breaks(rubric.tie_breaks, codes=None)
    rubric.full_clean(exclude=["copied_from"], validate_unique=False, validate_constraints=False)


def _next_version(rubric) -> int:
    last = Rubric.objects.filter(department=rubric.department, name=rubric.name, year=rubric.year).exclude(
        pk=rubric.pk).aggregate(last=Max("version"))["last"]
    return (last or 0) + 1


def _band(row) -> Band:
    label = str(row.get("label") or "").strip()
    if not label:
        raise ValidationError(_("请填写等级名称。"), code="band_label_missing")
    low, high = row.get("min_score"), row.get("max_score")
    low_number = results.number_or_none(low)
    high_number = None if high in (None, "") else results.number_or_none(high)
    if low_number is None or (high not in (None, "") and high_number is None):
        raise ValidationError(_("等级“%(label)s”的分数必须是数字。"), code="band_not_number", params={"label": label})
    return Band(label=label, min_score=low_number, max_score=high_number)


def _band_data(band) -> dict:
    return {"label": band.label, "min": str(band.min_score),
            "max": None if band.max_score is None else str(band.max_score)}


def _depth(row, rows) -> int:
    depth = 0
    while row.parent_id:
        depth, row = depth + 1, rows[row.parent_id]
    return depth


def only_fields(fields, allowed, *, code: str) -> None:
    """Refuse an edit naming a field outside `allowed` (before anything is read or locked)."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("不能修改这些字段：%(fields)s。"), code=code, params={"fields": "、".join(sorted(unknown))})


def field_values(rubric, names) -> dict:
    return {name: (str(value) if isinstance(value, Decimal) else value)
            for name in names for value in [getattr(rubric, name)]}
