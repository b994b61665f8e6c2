"""The kinds that can be started (发起申报): a registry, so the pages and the API never name a kind.

    register_start_kind(StartKind(code="sample", label=..., flow_class=ApplicationFlow,
                                  form_class=SampleFieldsForm, create=..., update=..., submit=...,
                                  initial=..., campaign_of=...))

A kind runs the programmes (申报项目, data: workflows.programmes) whose `kind` is its code; which
schools may apply (school types, 公办/民办) is the programme's, read through the campaign's
programme by `rules.py`, so a department opens a new programme without a release. `form_class` is a Django form of the kind's own fields (the title is the
engine's): the page draws it and the API validates `fields` with it, so it is written once.
`create(organisation=, owner_department=, by=, title=, campaign=, **fields)` returns the draft,
`update(item=, by=, title=, expected_version=, **fields)` edits it, `submit(item=, by=)` sends it,
`changes(**fields)` gives the `apply_changes(item)` of a resubmission (修改后重新提交),
`initial(item)` gives the form's values, `campaign_of(item)` the campaign it was started in and
`slots` the evidence slots (材料类别) it asks for, {code: label}.
"""

from dataclasses import dataclass, field
from typing import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The evidence slots (材料类别) a kind asks for, unless it names its own.
SLOTS = {"report": _("自评报告"), "evidence": _("佐证材料"), "other": _("其他材料")}


@dataclass(frozen=True)
class StartKind:
    code: str  # the item kind (Item.kind)
    label: object
    flow_class: type
    form_class: type = None
    create: Callable = None
    update: Callable = None
    changes: Callable = None
    submit: Callable = None
    initial: Callable = None
    campaign_of: Callable = None
    slots: dict = field(default_factory=lambda: dict(SLOTS))

    def clean_fields(self, data: dict, item=None) -> dict:
        """The kind's fields from `data` (over the item's current values, when editing), checked by
        its form: the values for create/update, or a ValidationError naming each bad field."""
        if not isinstance(data, dict):
            raise ValidationError({"fields": ValidationError(_("fields 必须是对象。"), code="invalid")})
        values = {**(self.initial(item) if item is not None else {}), **data}
        form = self.form_class(values)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        return dict(form.cleaned_data)

    def runs(self, campaign) -> bool:
        """Whether this kind runs `campaign`'s programme."""
        return campaign.programme.kind == self.code


_registry: dict[str, StartKind] = {}


def register_start_kind(kind: StartKind) -> None:
    _registry[kind.code] = kind


def start_kinds() -> list[StartKind]:
    return list(_registry.values())


def start_kind(code: str) -> StartKind | None:
    return _registry.get(code)
