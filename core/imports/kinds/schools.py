"""Importing schools: 学校标识码 (the key), name, type, 公办/民办, district (by name), address, and
the head (by the mobile number of a person already imported). New schools go under their
district; a changed row updates its school by code, a changed district moves it."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports import cells
from core.imports.permissions import can_import_city_data
from core.imports.registry import Column, ImportKind
from core.orgs.models import PATH_SEGMENT_WIDTH, SCHOOL_CODE_RE, Organisation, Ownership, SchoolType
from core.orgs.roles import OrgKind

TYPE_LABELS = {str(label): value for value, label in SchoolType.choices}
OWNERSHIP_LABELS = {str(label): value for value, label in Ownership.choices}
FIELDS = ["name", "school_type", "ownership", "parent_id", "address", "head_id"]


def school_code(text: str) -> str:
    if not SCHOOL_CODE_RE.fullmatch(text):
        raise cells.CellError(_("学校标识码应为10位数字，“%(text)s”不是。") % {"text": text or "—"})
    return text


class SchoolImport(ImportKind):
    def may_import(self, user, scope) -> bool:
        return scope is None and can_import_city_data(user)

    def choices(self, key: str) -> list[str]:
        if key == "district":
            return list(Organisation.objects.filter(kind=OrgKind.DISTRICT, is_active=True).values_list("name", flat=True))
        return {"school_type": list(TYPE_LABELS), "ownership": list(OWNERSHIP_LABELS)}.get(key, [])

    def load(self, rows, scope) -> dict:
        districts = {org.name: org for org in Organisation.objects.filter(kind=OrgKind.DISTRICT)}
        phones = {row["head"] for row in rows if row.get("head")}
        heads: dict[str, list[int]] = {}
        from core.orgs.models import User

        for pk, phone in User.objects.filter(phone__in=phones, is_active=True).values_list("pk", "phone"):
            heads.setdefault(phone, []).append(pk)
        return {"districts": districts, "heads": heads}

    def clean_row(self, row, context) -> dict:
        def district(text):
            org = context["districts"].get(text)
            if org is None:
                raise cells.CellError(_("没有名为“%(text)s”的区县。") % {"text": text or "—"})
            return org.pk

        def head(text):
            if not text:
                return None
            found = context["heads"].get(cells.mobile(text), [])
            if len(found) != 1:
                raise cells.CellError(_("找不到手机号为 %(text)s 的人员，请先导入人员。") % {"text": text} if not found
                                      else _("手机号 %(text)s 对应多个人员，无法确定负责人。") % {"text": text})
            return found[0]

        values = cells.read_cells(row, {
            "code": school_code,
            "name": lambda text: cells.required(text, max_length=100),
            "school_type": lambda text: cells.choice(text, TYPE_LABELS, _("学校类型")),
            "ownership": lambda text: cells.choice(text, OWNERSHIP_LABELS, _("办学性质")),
            "district": district,
            "address": lambda text: cells.limited(text, max_length=200),
            "head": head,
        })
        return {"code": values["code"], "name": values["name"], "school_type": values["school_type"],
                "ownership": values["ownership"], "parent_id": values["district"], "address": values["address"],
                "head_id": values["head"]}

    def current(self, keys, scope, context) -> dict:
        rows = Organisation.objects.filter(kind=OrgKind.SCHOOL, code__in=keys).values("code", *FIELDS)
        return {row["code"]: row for row in rows}

    def write(self, *, creates, updates, by, scope, context) -> None:
        paths = {org.pk: org.path for org in context["districts"].values()}
        new = Organisation.objects.bulk_create(
            [Organisation(kind=OrgKind.SCHOOL, code=row["code"], **{f: row[f] for f in FIELDS}) for row in creates],
            batch_size=2000,
        )
        by_code = {org.code: org for org in Organisation.objects.filter(
            kind=OrgKind.SCHOOL, code__in=[row["code"] for row in updates])}
        changed = []
        for row in updates:
            org = by_code[row["code"]]
            for name in FIELDS:
                setattr(org, name, row[name])
            changed.append(org)
        # A school is a leaf: its path is its district's and its own id. One UPDATE per district
        # (a handful) rather than one per school.
        by_district: dict[int, list[int]] = {}
        for org in [*new, *changed]:
            by_district.setdefault(org.parent_id, []).append(org.pk)
        Organisation.objects.bulk_update(changed, FIELDS, batch_size=2000)
        for district_id, ids in by_district.items():
            path = Concat(Value(paths[district_id]), LPad(Cast("pk", CharField()), PATH_SEGMENT_WIDTH, Value("0")),
                          Value("/"), output_field=CharField())
            for start in range(0, len(ids), 5000):  # within SQLite's limit of parameters
                Organisation.objects.filter(pk__in=ids[start:start + 5000]).update(path=path)


SCHOOLS = SchoolImport(
    code="schools",
    label=gettext_lazy("学校"),
    key="code",
    template_name=gettext_lazy("学校导入模板"),
    columns=[
        Column("code", gettext_lazy("学校标识码"), example="2101020001", hint=gettext_lazy("10位数字，教育部学校标识码")),
        Column("name", gettext_lazy("学校名称"), example="沈阳市和平区第一小学"),
        Column("school_type", gettext_lazy("学校类型"), example=str(SchoolType.PRIMARY.label)),
        Column("ownership", gettext_lazy("办学性质"), example=str(Ownership.PUBLIC.label)),
        Column("district", gettext_lazy("所属区县"), example="和平区"),
        Column("address", gettext_lazy("地址"), required=False, example="沈阳市和平区南京南街1号"),
        Column("head", gettext_lazy("负责人手机号"), required=False, example="",
               hint=gettext_lazy("可不填；填写时须为已导入人员的手机号")),
    ],
)
