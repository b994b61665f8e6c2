"""Importing a department's experts from Excel, on core's import framework (core.imports): the
person (by mobile number: people are imported first), their home organisation (工作单位, by code),
学段 / 学科 / 专长 (names, "、" between several; a new name joins the city's vocabulary, as
pool.add_expert does) and the organisations they declared they must not review (回避单位, by code).

Scope: the department whose pool it is (rules.pool_departments: its reviewers and heads, or an
administrator for any department). A changed row updates the expert by person; declared
conflicts in the file are added, never removed (removing one is an act of its own)."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports import cells
from core.imports.registry import Column, ImportKind
from core.orgs.models import Organisation, User
from workflows.engine.experts import rules
from workflows.engine.experts.pool_models import ConflictReason, Expert, ExpertConflict, ExpertField, FieldKind

FIELD_COLUMNS = {"stage": FieldKind.STAGE, "subject": FieldKind.SUBJECT, "specialty": FieldKind.SPECIALTY}


def _names(text: str) -> list[str]:
    return [name for name in re.split(r"[、，,；;]+", text) if name.strip()]


class ExpertImport(ImportKind):
    def scopes(self, user):
        return rules.pool_departments(user)

    def may_import(self, user, scope) -> bool:
        return scope is not None and rules.pool_departments(user).filter(pk=scope.pk).exists()

    def load(self, rows, scope) -> dict:
        phones, codes = set(), set()
        for row in rows:
            try:
                phones.add(cells.mobile(row.get("phone", "")))
            except cells.CellError:
                pass
            codes.add(row.get("home", ""))
            codes.update(name.strip() for name in _names(row.get("conflicts", "")))
        users: dict[str, list[int]] = {}
        for pk, phone in User.objects.filter(phone__in=phones, is_active=True).values_list("pk", "phone"):
            users.setdefault(phone, []).append(pk)
        organisations = {org.code: org for org in Organisation.objects.filter(code__in=codes - {""}, is_active=True)}
        return {"users": users, "organisations": organisations, "row_of": {}}

    def clean_row(self, row, context) -> dict:
        def person(text):
            found = context["users"].get(cells.mobile(text), [])
            if len(found) != 1:
                raise cells.CellError(_("找不到手机号为 %(text)s 的人员，请先导入人员。") % {"text": text} if not found
                                      else _("已有多人使用手机号 %(n)s，无法确定是谁。") % {"n": text})
            return found[0]

        def organisation(text):
            org = context["organisations"].get(text)
            if org is None:
                raise cells.CellError(_("没有代码为“%(text)s”的单位。") % {"text": text or "—"})
            return org.pk

        def conflicts(text):
            return sorted({organisation(name.strip()) for name in _names(text)})

        def field_names(text):
            names = sorted({name.strip() for name in _names(text)})
            for name in names:
                cells.limited(name, max_length=50)
            return names

        readers = {"phone": person, "home": organisation, "title": lambda text: cells.limited(text, max_length=50),
                   "conflicts": conflicts, **{key: field_names for key in FIELD_COLUMNS}}
        values = cells.read_cells(row, readers)
        phone = cells.mobile(row["phone"])
        fields = sorted((FIELD_COLUMNS[key], name) for key in FIELD_COLUMNS for name in values[key])
        context["row_of"][phone] = set(values["conflicts"])
        return {"phone": phone, "user": values["phone"], "home": values["home"], "title": values["title"],
                "fields": fields, "conflicts": values["conflicts"]}

    def current(self, keys, scope, context) -> dict:
        experts = {e.user.phone: e for e in Expert.objects.filter(department=scope, user__phone__in=keys)
                   .select_related("user").prefetch_related("fields", "conflicts")}
        stored = {}
        for phone, expert in experts.items():
            listed = context["row_of"].get(phone, set())
            stored[phone] = {
                "phone": phone, "user": expert.user_id, "home": expert.home_id, "title": expert.title,
                "fields": sorted((field.kind, field.name) for field in expert.fields.all()),
                "conflicts": sorted(c.organisation_id for c in expert.conflicts.all() if c.organisation_id in listed),
            }
        context["experts"] = experts
        return stored

    def write(self, *, creates, updates, by, scope, context) -> None:
        wanted = {pair for row in [*creates, *updates] for pair in row["fields"]}
        existing = {(f.kind, f.name): f for f in ExpertField.objects.all()}
        ExpertField.objects.bulk_create([ExpertField(kind=k, name=n) for k, n in wanted - set(existing)])
        fields = {(f.kind, f.name): f.pk for f in ExpertField.objects.all()}
        new = Expert.objects.bulk_create(
            [Expert(department=scope, user_id=row["user"], home_id=row["home"], title=row["title"]) for row in creates])
        experts = {**{e.user_id: e for e in new}, **{e.user_id: e for e in context["experts"].values()}}
        changed = []
        for row in updates:
            expert = experts[row["user"]]
            expert.home_id, expert.title = row["home"], row["title"]
            changed.append(expert)
        Expert.objects.bulk_update(changed, ["home", "title"])
        through = Expert.fields.through
        rewritten = [experts[row["user"]].pk for row in [*creates, *updates]]
        through.objects.filter(expert_id__in=rewritten).delete()
        through.objects.bulk_create([through(expert_id=experts[row["user"]].pk, expertfield_id=fields[pair])
                                     for row in [*creates, *updates] for pair in row["fields"]])
        held = set(ExpertConflict.objects.filter(expert_id__in=rewritten).values_list("expert_id", "organisation_id"))
        ExpertConflict.objects.bulk_create([
            ExpertConflict(expert_id=experts[row["user"]].pk, organisation_id=org, reason=ConflictReason.OTHER,
                           detail=_("导入时登记"))
            for row in [*creates, *updates] for org in row["conflicts"]
            if (experts[row["user"]].pk, org) not in held
        ])


EXPERTS = ExpertImport(
    code="experts",
    label=gettext_lazy("评审专家"),
    key="phone",
    template_name=gettext_lazy("评审专家导入模板"),
    columns=[
        Column("phone", gettext_lazy("手机号"), example="13800000001", hint=gettext_lazy("须为已导入人员的手机号")),
        Column("home", gettext_lazy("工作单位代码"), example="2101020001",
               hint=gettext_lazy("学校填学校标识码；区县、处室填其代码")),
        Column("stage", gettext_lazy("学段"), required=False, example="小学", hint=gettext_lazy("可填多个，用顿号“、”分隔")),
        Column("subject", gettext_lazy("学科"), required=False, example="数学", hint=gettext_lazy("可填多个，用顿号“、”分隔")),
        Column("specialty", gettext_lazy("专长"), required=False, example="", hint=gettext_lazy("可填多个，用顿号“、”分隔")),
        Column("title", gettext_lazy("职称"), required=False, example="高级教师"),
        Column("conflicts", gettext_lazy("回避单位代码"), required=False, example="",
               hint=gettext_lazy("本人声明须回避的单位代码，可填多个，用顿号“、”分隔")),
    ],
)
