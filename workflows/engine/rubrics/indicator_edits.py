"""Editing a rubric's indicator tree while its version is editable, one audited service per change:

    add_indicator(*, rubric, by, code, name, max_score, weight=1, parent=None, guidance="", order=None)
    edit_indicator(*, indicator, by, **fields)    code, name, guidance, max_score, weight, order, parent
    move_indicator(*, indicator, by, direction)   one place up or down among its siblings
    remove_indicator(*, indicator, by)            with everything under it

`parent` is the parent indicator's code (None: top level). Each takes the rubric's lock and is
refused on a frozen version (services.open_for_edit). Bad input (a max or weight not above 0, a
code used twice, a parent outside this rubric or under the indicator itself) is a Chinese
ValidationError keyed by field, and nothing is written.
"""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from workflows.engine.envelope import service
from workflows.engine.exceptions import NotFound
from workflows.engine.rubrics.models import Indicator
from workflows.engine.rubrics.results import number_or_none
from workflows.engine.rubrics.rules import manageable
from workflows.engine.rubrics.services import audit, field_values, only_fields, open_for_edit

FIELDS = ("code", "name", "guidance", "max_score", "weight", "order", "parent")


@service
def add_indicator(*, rubric, by, code, name, max_score, weight=1, parent=None, guidance="", order=None) -> Indicator:
    """A new indicator, last among its siblings unless `order` is given."""
    rubric = open_for_edit(rubric, by)
    row = Indicator(rubric=rubric, code=str(code or "").strip(), name=str(name or "").strip(), guidance=guidance or "",
                    max_score=max_score, weight=weight)
    row.parent = _parent(rubric, parent, row)
    row.order = order if order not in (None, "") else _next_order(rubric, row.parent)
    _check(row)
    row.save()
    audit(rubric, "indicator_add", by, indicator=_data(row))
    return row


@service
def edit_indicator(*, indicator, by, **fields) -> Indicator:
    only_fields(fields, FIELDS, code="indicator_field_unknown")
    row = _indicator_for(by, indicator)
    rubric = open_for_edit(row.rubric_id, by)
    row = Indicator.objects.get(pk=row.pk)  # read again under the rubric's lock
    before = _data(row)
    for name, value in fields.items():
        if name == "parent":
            row.parent = _parent(rubric, value, row)
        else:
            setattr(row, name, value.strip() if name in ("code", "name") else value)
    moved = "parent" in fields and (row.parent.code if row.parent_id else None) != before["parent"]
    if moved and "order" not in fields:
        row.order = _next_order(rubric, row.parent)  # moved under another parent: last there, not between
    _check(row)
    row.save()
    audit(rubric, "indicator_edit", by, before=before, after=_data(row))
    return row


UP, DOWN = "up", "down"


@service
def move_indicator(*, indicator, by, direction) -> Indicator:
    """Swap the indicator with its sibling before (`up`) or after (`down`) it; the siblings are
    numbered 0, 1, 2… again, so orders that were equal (or had gaps) never make a move a no-op."""
    if direction not in (UP, DOWN):
        raise ValidationError({"direction": _("移动方向只能是上移或下移。")}, code="indicator_direction_unknown")
    row = _indicator_for(by, indicator)
    rubric = open_for_edit(row.rubric_id, by)
    siblings = list(rubric.indicators.filter(parent_id=row.parent_id).order_by("order", "id"))
    at = next(index for index, sibling in enumerate(siblings) if sibling.pk == row.pk)
    to = at - 1 if direction == UP else at + 1
    if not 0 <= to < len(siblings):
        raise ValidationError(_("“%(name)s”已经排在同级的最前面。") if direction == UP else
                              _("“%(name)s”已经排在同级的最后面。"), code="indicator_move_edge",
                              params={"name": row.name})
    siblings[at], siblings[to] = siblings[to], siblings[at]
    for order, sibling in enumerate(siblings):
        sibling.order = order
    Indicator.objects.bulk_update(siblings, ["order"])
    audit(rubric, "indicator_move", by, code=row.code, direction=direction,
          siblings=[sibling.code for sibling in siblings])
    return siblings[to]


@service
def remove_indicator(*, indicator, by) -> None:
    row = _indicator_for(by, indicator)
    rubric = open_for_edit(row.rubric_id, by)
    data = _data(row)
    Indicator.objects.filter(pk=row.pk).delete()  # its children cascade
    audit(rubric, "indicator_remove", by, indicator=data)


def _indicator_for(by, indicator_ref) -> Indicator:
    pk = getattr(indicator_ref, "pk", indicator_ref)
    try:
        return Indicator.objects.get(pk=pk, rubric__in=manageable(by))
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到该指标，或您无权查看。")) from None


def _parent(rubric, code, row):
    if code in (None, ""):
        return None
    parent = rubric.indicators.filter(code=str(code).strip()).first()
    if parent is None:
        raise ValidationError({"parent": _("上级指标“%(code)s”不在本评分指标中。") % {"code": code}},
                              code="indicator_parent_unknown")
    walker = parent
    while walker is not None and row.pk is not None:
        if walker.pk == row.pk:
            raise ValidationError({"parent": _("不能把指标移到它自己或它的下级指标之下。")}, code="indicator_parent_cycle")
        walker = walker.parent
    return parent


def _check(row) -> None:
    errors = {}
    if not row.code:
        errors["code"] = _("请填写指标编号。")
    elif row.rubric.indicators.filter(code=row.code).exclude(pk=row.pk).exists():
        errors["code"] = _("编号“%(code)s”已被本评分指标中的其他指标使用。") % {"code": row.code}
    if not row.name:
        errors["name"] = _("请填写指标名称。")
    for name, message in (("max_score", _("满分必须是大于0的数字。")), ("weight", _("权重必须是大于0的数字。"))):
        value = number_or_none(getattr(row, name))
        if value is None or value <= 0:
            errors[name] = message
        else:
            setattr(row, name, value)
    if errors:
        raise ValidationError(errors, code="indicator_invalid")
    row.full_clean(exclude=["rubric", "parent"], validate_unique=False, validate_constraints=False)


def _next_order(rubric, parent) -> int:
    last = rubric.indicators.filter(parent=parent).aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def _data(row) -> dict:
    data = field_values(row, FIELDS[:-1])
    data["parent"] = row.parent.code if row.parent_id else None
    return data
