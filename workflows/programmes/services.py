"""Changing programmes, one service per change, each one transaction audited on the programme
(`programme_*` events):

    create_programme(*, department, by, **fields)     a new programme of `department`
    edit_programme(*, programme, by, slots=None, district_quotas=None, **fields)
                                                      the named fields of EDITABLE, the evidence
                                                      slots and default district quotas all at once
    copy_programme(*, programme, by, year=None)       复制上一年度: next year's round, its rubric copied

Only the owning department's staff reach any of them (rules.py: 404 otherwise). Bad input is a
Chinese ValidationError naming the field, and nothing is written. Once a campaign of the
programme exists, what that campaign was opened under stays as it was: the kind, the code, the
year and the rubric (frozen by the campaign, `campaigns.open_campaign`); the rest (quotas for the
next campaign, texts, 公示 days) may still change.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit.services import record_event
from core.docnumbers.models import DocumentType
from core.orgs.models import Organisation, Ownership, SchoolType
from core.orgs.roles import OrgKind
from workflows.engine.envelope import service
from workflows.engine.locking import lock_row
from workflows.engine.rubrics.models import Rubric
from workflows.engine.rubrics.services import copy_rubric
from workflows.engine.start.kinds import start_kinds
from workflows.programmes import rules
from workflows.programmes.models import (
    FILE_GROUP_EXTENSIONS,
    EvidenceSlot,
    Outcome,
    Programme,
    ProgrammeKind,
    ProgrammeQuota,
)

EDITABLE = ("kind", "code", "year", "name", "school_types", "ownerships", "rubric", "outcome", "total_quota",
            "onsite_visit", "defence", "notice_days", "validity_years", "remind_days", "doc_type")
FIXED_ONCE_USED = ("kind", "code", "year", "rubric")

# What a new programme asks for unless the department names its own slots.
DEFAULT_SLOTS = (
    {"code": "report", "name": "自评报告", "required": True, "accepted": ["pdf", "word"]},
    {"code": "evidence", "name": "佐证材料", "required": True, "accepted": []},
    {"code": "other", "name": "其他材料", "required": False, "accepted": []},
)


# The audit actions written here, in words (the admin's audit log; registered in WorkflowsConfig.ready).
AUDIT_LABELS = {"programme_create": gettext_lazy("新建申报项目"), "programme_edit": gettext_lazy("修改申报项目"),
                "programme_slots_set": gettext_lazy("设置申报材料"), "programme_quotas_set": gettext_lazy("设置区县默认名额"),
                "programme_copy": gettext_lazy("复制申报项目")}


def kind_choices() -> dict:
    """The kinds a programme may be run by: the programme kinds and any kind registered for 发起申报."""
    choices = {kind.code: kind.label for kind in start_kinds()}
    choices.update(ProgrammeKind.choices)  # a programme kind's own name (学校认定与评选), not its item's
    return choices


def audit(programme, action, by, **data):
    record_event(action=f"programme_{action}", target=programme, actor=by,
                 organisation=programme.owner_department, data=data)


@service
def create_programme(*, department, by, slots=DEFAULT_SLOTS, district_quotas=None, **fields) -> Programme:
    """A new programme of `department` with `fields` (of EDITABLE), its evidence slots (default:
    自评报告, 佐证材料, 其他材料) and default district quotas ({district: seats})."""
    rules.check_department(by, department)
    return install_programme(department=department, by=by, slots=slots, district_quotas=district_quotas, **fields)


def install_programme(*, department, by=None, slots=DEFAULT_SLOTS, district_quotas=None, **fields) -> Programme:
    """create_programme's writes, with no person's permission asked: for the seeder (seed.py), which
    installs a city's programmes as the system (`by` None). Call it inside a transaction."""
    _only(fields)
    programme = Programme(owner_department=Organisation.objects.get(pk=getattr(department, "pk", department)))
    _assign(programme, fields)
    _check(programme)
    _save(programme)
    audit(programme, "create", by, fields=_values(programme, EDITABLE))
    _write_slots(programme, slots)
    _write_quotas(programme, district_quotas or {})
    return programme


@service
def edit_programme(*, programme, by, slots=None, district_quotas=None, **fields) -> Programme:
    """Change the named fields (of EDITABLE; those of FIXED_ONCE_USED only while no campaign
    exists) and, when given, replace the evidence slots (mappings: code, name, required,
    accepted) and the default district quotas ({district or its id: seats}; a district left out
    has none). The quotas are what the next campaign starts from, never one already opened."""
    _only(fields)
    programme = _open(programme, by)
    before = _values(programme, fields)
    _assign(programme, fields)
    after = _values(programme, fields)
    changed = [name for name in fields if before[name] != after[name]]
    fixed = [name for name in changed if name in FIXED_ONCE_USED]
    if fixed and programme.campaigns.exists():
        raise ValidationError({name: _("本项目已有申报批次，不能再修改“%(field)s”；如需调整，请复制为新的年度。") % {
            "field": Programme._meta.get_field(name).verbose_name} for name in fixed}, code="programme_in_use")
    _check(programme)
    if changed:
        _save(programme)
        audit(programme, "edit", by, before={n: before[n] for n in changed}, after={n: after[n] for n in changed})
    if slots is not None:
        old = _slot_data(programme)
        programme.slots.all().delete()
        _write_slots(programme, slots)
        if _slot_data(programme) != old:
            audit(programme, "slots_set", by, before=old, after=_slot_data(programme))
    if district_quotas is not None:
        old = _quota_data(programme)
        programme.district_quotas.all().delete()
        _write_quotas(programme, district_quotas)
        if _quota_data(programme) != old:
            audit(programme, "quotas_set", by, before=old, after=_quota_data(programme))
    return programme


@service
def copy_programme(*, programme, by, year=None) -> Programme:
    """复制上一年度: the same programme for `year` (default the next year), with its quotas, slots
    and stages; its rubric copied as that year's editable version (copy_rubric), so last year's
    frozen rubric stays as it was scored."""
    # The source's lock (one NOWAIT attempt): two 复制 at once are one copy and one 409, never two
    # copies of the rubric racing for the same version number.
    source = _open(programme, by)
    year = source.year + 1 if year is None else year
    copy = Programme(owner_department=source.owner_department, copied_from=source, **{
        name: getattr(source, name) for name in EDITABLE if name not in ("year", "rubric")})
    copy.year = year
    if source.rubric_id:
        copy.rubric = copy_rubric(rubric=source.rubric, by=by, year=year)
    _check(copy)
    _save(copy)
    _write_slots(copy, _slot_data(source))
    _write_quotas(copy, {row.district_id: row.quota for row in source.district_quotas.all()})
    audit(copy, "copy", by, source=source.pk, source_label=str(source), year=year,
          rubric=copy.rubric_id)
    return copy


def _open(programme, by) -> Programme:
    """The programme, in scope for `by`, locked (one NOWAIT attempt: a concurrent edit is 409)."""
    return lock_row(Programme, rules.programme_for(by, programme).pk)


def _only(fields):
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ValidationError(_("不能修改这些字段：%(names)s。") % {"names": "、".join(unknown)},
                              code="programme_field_unknown")


def _assign(programme, fields):
    for name, value in fields.items():
        if name in ("name", "code") and isinstance(value, str):
            value = value.strip()
        if name in ("school_types", "ownerships") and isinstance(value, (list, tuple, set, frozenset)):
            order = (SchoolType if name == "school_types" else Ownership).values
            value = sorted(set(value), key=lambda code: order.index(code) if code in order else len(order))
        if name in ("rubric", "doc_type"):
            setattr(programme, f"{name}_id", getattr(value, "pk", value))
            continue
        setattr(programme, name, value)


def _check(programme) -> None:
    errors = {}
    if not programme.name:
        errors["name"] = _("请填写项目名称。")
    if programme.kind not in kind_choices():
        errors["kind"] = _("未知的事项类别“%(kind)s”。") % {"kind": programme.kind}
    types, ownerships = programme.school_types, programme.ownerships
    if not isinstance(types, list) or not types or not set(types) <= set(SchoolType.values):
        errors["school_types"] = _("请至少选择一种可申报的学校类型。")
    if not isinstance(ownerships, list) or not ownerships or not set(ownerships) <= set(Ownership.values):
        errors["ownerships"] = _("请选择公办、民办或两者。")
    if programme.outcome not in Outcome.values:
        errors["outcome"] = _("请选择评审结果的方式。")
    if programme.rubric_id:
        # Another department's rubric is told apart from a missing one by nobody (the same words).
        rubric = Rubric.objects.filter(pk=programme.rubric_id, department_id=programme.owner_department_id).first()
        if rubric is None:
            errors["rubric"] = _("未找到该评分指标：只能使用本处室的评分指标。")
        elif programme.outcome == Outcome.GRADED and not rubric.bands.exists():
            errors["rubric"] = _("按等级评定的项目，其评分指标须设有等级分数段（如五星≥900分）。")
        elif programme.outcome == Outcome.PASS_FAIL and rubric.pass_mark is None:
            errors["rubric"] = _("按合格/不合格评定的项目，其评分指标须设有合格分数线。")
    if programme.doc_type_id and not DocumentType.objects.filter(pk=programme.doc_type_id, is_active=True).exists():
        errors["doc_type"] = _("请选择启用中的发文类型。")
    if errors:
        raise ValidationError(errors, code="programme_invalid")
    programme.full_clean(exclude=["owner_department", "rubric", "doc_type", "copied_from", "school_types",
                                  "ownerships"], validate_unique=False, validate_constraints=False)
    clashes = Programme.objects.filter(year=programme.year).exclude(pk=programme.pk)
    if clashes.filter(code=programme.code).exists():
        errors["code"] = _("%(year)s年度已有代码为“%(code)s”的申报项目。") % {"year": programme.year,
                                                                     "code": programme.code}
    if clashes.filter(name=programme.name).exists():
        errors["name"] = _("%(year)s年度已有名为“%(name)s”的申报项目。") % {"year": programme.year,
                                                                    "name": programme.name}
    if errors:
        raise ValidationError(errors, code="programme_exists")


def _save(programme):
    try:
        programme.save()
    except IntegrityError:  # a concurrent create of the same code or name and year won the race
        raise ValidationError({"code": _("%(year)s年度已有同代码或同名的申报项目。") % {"year": programme.year}},
                              code="programme_exists") from None


def district_seats(quotas, *, allow_none=False) -> dict:
    """{district row: seats} from {district, its id or its id as text: seats}, refusing anything
    but a district and anything but a whole number not below 0 (None too, with `allow_none`)."""
    if not isinstance(quotas, dict):
        raise ValidationError(_("区县名额必须是“区县: 名额”的对照表。"), code="quota_invalid")
    keys = {}
    for key in quotas:
        pk = getattr(key, "pk", key)
        keys[key] = int(pk) if isinstance(pk, str) and pk.isdigit() and len(pk) < 19 else pk
    found = Organisation.objects.filter(kind=OrgKind.DISTRICT).in_bulk(
        [pk for pk in keys.values() if isinstance(pk, int) and not isinstance(pk, bool)])
    rows = {}
    for key, seats in quotas.items():
        district = found.get(keys[key]) if isinstance(keys[key], int) else None
        if district is None:
            raise ValidationError({"district_quotas": _("只能给区县分配名额（编号%(id)s不是区县）。") % {"id": keys[key]}},
                                  code="quota_not_district")
        if not (seats is None and allow_none) and (isinstance(seats, bool) or not isinstance(seats, int) or seats < 0):
            raise ValidationError({"district_quotas": _("%(district)s的名额必须是不小于0的整数。") % {
                "district": district}}, code="quota_invalid")
        rows[district] = seats
    return rows


def _write_quotas(programme, quotas: dict) -> list[ProgrammeQuota]:
    return ProgrammeQuota.objects.bulk_create(
        ProgrammeQuota(programme=programme, district=district, quota=seats)
        for district, seats in district_seats(quotas).items())


def _write_slots(programme, slots) -> list[EvidenceSlot]:
    rows, codes, names = [], set(), set()
    for order, slot in enumerate(slots or ()):
        code = str(slot.get("code") or "").strip()
        name = str(slot.get("name") or "").strip()
        accepted = slot.get("accepted") or []
        row = EvidenceSlot(programme=programme, code=code, name=name, required=bool(slot.get("required", True)),
                           accepted=sorted(set(accepted)) if isinstance(accepted, (list, tuple)) else accepted,
                           order=order)
        if not name:
            raise ValidationError({"slots": _("第%(n)s项申报材料缺少名称。") % {"n": order + 1}}, code="slot_invalid")
        if not isinstance(row.accepted, list) or not set(row.accepted) <= set(FILE_GROUP_EXTENSIONS):
            raise ValidationError({"slots": _("“%(name)s”的文件类型不正确。") % {"name": name}}, code="slot_invalid")
        try:
            row.full_clean(exclude=["programme"], validate_unique=False, validate_constraints=False)
        except ValidationError:
            raise ValidationError({"slots": _("“%(name)s”的代码须为英文小写字母、数字或连字符。") % {"name": name}},
                                  code="slot_invalid") from None
        if code in codes or name in names:
            raise ValidationError({"slots": _("申报材料“%(name)s”重复了。") % {"name": name}}, code="slot_repeated")
        codes.add(code)
        names.add(name)
        rows.append(row)
    return EvidenceSlot.objects.bulk_create(rows)


def _values(programme, names) -> dict:
    """The fields' values as the audit stores them (related rows by key)."""
    return {name: getattr(programme, Programme._meta.get_field(name).attname) for name in names}


def _quota_data(programme) -> dict:
    return {str(row.district_id): row.quota for row in programme.district_quotas.all()}


def _slot_data(programme) -> list[dict]:
    return [{"code": row.code, "name": row.name, "required": row.required, "accepted": row.accepted}
            for row in programme.slots.all()]
