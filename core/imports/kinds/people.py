"""Importing people: name, mainland mobile number (the key, and the login of a new person),
organisation (by code: a school's 学校标识码, a district's or department's code), roles there,
optional email and 工号. A new person gets an unusable password (a first-sign-in slip or a reset
gives them one). A changed row updates the person; roles in the file that they do not hold
there yet are granted; roles are never taken away by an import (ending a role is an act of its
own). 系统管理员 is never granted from a spreadsheet."""

import re

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports import cells
from core.imports.permissions import can_import_city_data
from core.imports.registry import Column, ImportKind, RowErrors
from core.orgs.models import Organisation, RoleGrant, User
from core.orgs.roles import Role

ROLE_LABELS = {str(label): value for value, label in Role.choices if value != Role.ADMIN}
USER_FIELDS = ["full_name", "email", "staff_number"]


class PeopleImport(ImportKind):
    def may_import(self, user, scope) -> bool:
        return scope is None and can_import_city_data(user)

    def load(self, rows, scope) -> dict:
        codes = {row.get("organisation") for row in rows}
        phones = set()
        for row in rows:
            try:
                phones.add(cells.mobile(row.get("phone", "")))
            except cells.CellError:
                pass
        users: dict[str, list[int]] = {}
        for pk, phone in User.objects.filter(phone__in=phones).values_list("pk", "phone"):
            users.setdefault(phone, []).append(pk)
        return {
            "organisations": {org.code: org for org in Organisation.objects.filter(code__in=codes - {""})},
            "users": users,
            # A new person's login is their number: one taken by someone else's login is refused.
            "logins": dict(User.objects.filter(username__in=phones).values_list("username", "phone")),
            "row_of": {},
        }

    def clean_row(self, row, context) -> dict:
        def phone(text):
            number = cells.mobile(text)
            if len(context["users"].get(number, [])) > 1:
                raise cells.CellError(_("已有多人使用手机号 %(n)s，无法确定是谁。") % {"n": number})
            login_of = context["logins"].get(number)
            if not context["users"].get(number) and login_of is not None:
                raise cells.CellError(_("%(n)s 已是另一人员的登录名。") % {"n": number})
            return number

        def organisation(text):
            org = context["organisations"].get(text)
            if org is None:
                raise cells.CellError(_("没有代码为“%(text)s”的单位。") % {"text": text or "—"})
            return org

        def roles(text):
            names = [name for name in re.split(r"[、，,；;\s]+", text) if name]
            if not names:
                raise cells.CellError(_("必填：至少填写一个角色。"))
            return sorted({cells.choice(name, ROLE_LABELS, _("角色")) for name in names})

        values = cells.read_cells(row, {
            "name": lambda text: cells.required(text, max_length=50),
            "phone": phone,
            "organisation": organisation,
            "roles": roles,
            "email": cells.email,
            "staff_number": lambda text: cells.limited(text, max_length=30),
        })
        org = values["organisation"]
        for role in values["roles"]:
            try:
                RoleGrant(role=role, organisation=org).clean()  # the grant's own rules: the right kind of organisation
            except ValidationError as exc:
                raise RowErrors({"roles": " ".join(exc.messages)}) from None
        context["row_of"][values["phone"]] = (org.pk, set(values["roles"]))
        return {"phone": values["phone"], "full_name": values["name"], "email": values["email"],
                "staff_number": values["staff_number"], "organisation": org.pk, "roles": values["roles"]}

    def current(self, keys, scope, context) -> dict:
        users = {user.phone: user for user in User.objects.filter(phone__in=keys)}
        held: dict[int, set] = {}
        for user_id, role, org_id in RoleGrant.objects.filter(user__in=users.values()).values_list(
                "user_id", "role", "organisation_id"):
            held.setdefault(user_id, set()).add((role, org_id))
        stored = {}
        for phone, user in users.items():
            org_id, listed = context["row_of"][phone]
            roles = sorted(role for role, org in held.get(user.pk, ()) if org == org_id and role in listed)
            stored[phone] = {"phone": phone, **{f: getattr(user, f) for f in USER_FIELDS}, "organisation": org_id,
                             "roles": roles, "user_id": user.pk}
        context["stored"] = stored
        # Compared without user_id, and with only the file's roles that are held: held roles the file
        # does not list stay, and do not count as a change.
        return {phone: {k: v for k, v in row.items() if k != "user_id"} for phone, row in stored.items()}

    def write(self, *, creates, updates, by, scope, context) -> None:
        new = User.objects.bulk_create(
            [User(username=row["phone"], phone=row["phone"], password=make_password(None), must_change_password=True,
                  **{f: row[f] for f in USER_FIELDS}) for row in creates],
            batch_size=2000,
        )
        user_of = {user.phone: user.pk for user in new}
        stored = context.get("stored", {})
        changed = []
        for row in updates:
            user_id = stored[row["phone"]]["user_id"]
            user_of[row["phone"]] = user_id
            changed.append(User(pk=user_id, **{f: row[f] for f in USER_FIELDS}))
        User.objects.bulk_update(changed, USER_FIELDS, batch_size=2000)
        grants = []
        for row in [*creates, *updates]:
            held = set(stored.get(row["phone"], {}).get("roles", []))
            grants += [RoleGrant(user_id=user_of[row["phone"]], role=role, organisation_id=row["organisation"])
                       for role in row["roles"] if role not in held]
        RoleGrant.objects.bulk_create(grants, batch_size=2000)


PEOPLE = PeopleImport(
    code="people",
    label=gettext_lazy("人员"),
    key="phone",
    template_name=gettext_lazy("人员导入模板"),
    columns=[
        Column("name", gettext_lazy("姓名"), example="张明"),
        Column("phone", gettext_lazy("手机号"), example="13800000001",
               hint=gettext_lazy("11位大陆手机号；新人员以此登录")),
        Column("organisation", gettext_lazy("所在单位代码"), example="2101020001",
               hint=gettext_lazy("学校填学校标识码；区县、处室填其代码")),
        Column("roles", gettext_lazy("角色"), example=str(Role.APPLICANT.label),
               hint=gettext_lazy("可填多个，用顿号“、”分隔")),
        Column("email", gettext_lazy("电子邮箱"), required=False, example=""),
        Column("staff_number", gettext_lazy("工号"), required=False, example=""),
    ],
)
