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
`slots` the evidence slots (材料类别) it asks for, {code: label}, unless the campaign's programme
lists its own (workflows.programmes' EvidenceSlot rows, data): `evidence_slots(item=|campaign=)`
reads them, with their required flag and accepted file types, and `check_evidence(item, slot,
name)` is the upload's rule. A form whose fields depend on the campaign (one score per indicator
of the programme's rubric) has a classmethod `for_campaign(campaign)` giving the form class;
`form_class_for(campaign)` is what the pages and the API build.
"""

from dataclasses import dataclass, field
from typing import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The evidence slots (材料类别) a kind asks for, unless it names its own.
SLOTS = {"report": _("自评报告"), "evidence": _("佐证材料"), "other": _("其他材料")}


@dataclass(frozen=True)
class Slot:
    """One 材料类别 as the pages, the API and the upload check see it."""

    code: str
    label: object
    required: bool = False
    extensions: tuple = ()  # the file extensions it takes; empty: every allowed one


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
    # refusal(campaign, organisation): the kind's own reason not to start one now (the
    # accreditation's one live application per school and campaign), as the error to raise, or None.
    refusal: Callable = None
    slots: dict = field(default_factory=lambda: dict(SLOTS))

    def clean_fields(self, data: dict, item=None, campaign=None) -> dict:
        """The kind's fields from `data` (over the item's current values, when editing), checked by
        its form (the campaign's, see form_class_for): the values for create/update, or a
        ValidationError naming each bad field."""
        if not isinstance(data, dict):
            raise ValidationError({"fields": ValidationError(_("fields 必须是对象。"), code="invalid")})
        values = {**(self.initial(item) if item is not None else {}), **data}
        form = self.form_class_for(campaign or self.campaign_for(item))(values)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        return dict(form.cleaned_data)

    def campaign_for(self, item):
        """The campaign `item` was started in (None: no item, or the kind keeps none)."""
        return self.campaign_of(item) if item is not None and self.campaign_of is not None else None

    def form_class_for(self, campaign):
        """The form of the kind's fields in `campaign` (its own per campaign, when it has one)."""
        per_campaign = getattr(self.form_class, "for_campaign", None)
        return per_campaign(campaign) if per_campaign is not None and campaign is not None else self.form_class

    def evidence_slots(self, *, item=None, campaign=None) -> list[Slot]:
        """The 材料类别 of `item` (or of a draft in `campaign`): its campaign's programme's
        EvidenceSlot rows in their order, else the kind's own `slots`."""
        listed = self.programme_slots(campaign or self.campaign_for(item))
        return listed or [Slot(code, label) for code, label in self.slots.items()]

    @staticmethod
    def programme_slots(campaign) -> list[Slot]:
        """The campaign's programme's EvidenceSlot rows as slots (none: no campaign, or it lists none)."""
        programme = getattr(campaign, "programme", None)
        rows = list(programme.slots.all()) if programme is not None else []
        return [Slot(row.code, row.name, row.required, row.extensions()) for row in rows]

    def slots_for(self, *, item=None, campaign=None) -> dict:
        """{code: label} of evidence_slots, for the forms' choices and the files' labels."""
        return {slot.code: slot.label for slot in self.evidence_slots(item=item, campaign=campaign)}

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


def check_evidence(item, slot: str, name: str) -> None:
    """The upload's rule where the item's programme lists its 材料清单: `slot` is one of them and
    the file's extension one its slot accepts (a Chinese ValidationError on `slot` or `file`).
    Elsewhere any slot is kept, as the kinds' own `slots` are only the forms' suggestions."""
    kind = start_kind(item.kind)
    if kind is None:
        return
    slots = {row.code: row for row in kind.programme_slots(kind.campaign_for(item))}
    if not slots:
        return
    chosen = slots.get(slot)
    if chosen is None:
        raise ValidationError({"slot": ValidationError(
            _("材料类别“%(slot)s”不在本申报的材料清单中；可选：%(slots)s。") % {
                "slot": slot, "slots": "、".join(str(row.label) for row in slots.values())}, code="invalid")})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if chosen.extensions and extension not in chosen.extensions:
        raise ValidationError({"file": ValidationError(
            _("“%(slot)s”只接受以下类型的文件：%(types)s；“%(name)s”不符。") % {
                "slot": chosen.label, "types": "、".join(f".{ext}" for ext in chosen.extensions), "name": name},
            code="attachment_type")})


def missing_evidence(item) -> list:
    """The required 材料类别 of `item` with no current file (the labels), for the submit check."""
    kind = start_kind(item.kind)
    if kind is None:
        return []
    held = set(item.attachments.filter(decision__isnull=True, removed_at__isnull=True).values_list("slot", flat=True))
    return [slot.label for slot in kind.evidence_slots(item=item) if slot.required and slot.code not in held]
