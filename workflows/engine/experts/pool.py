"""Keeping a department's pool (专家库), one service per change, each audited on the expert:

    add_expert(*, department, user, home, by, fields=None, title="", note="")      expert_added
    edit_expert(*, expert, by, home=..., fields=..., title=..., note=...)          expert_edited
    set_expert_active(*, expert, active, by)                  expert_deactivated / expert_reactivated
    add_conflict(*, expert, organisation, reason, by, detail="")                   expert_conflict_added
    remove_conflict(*, conflict, by)                                               expert_conflict_removed

`fields` maps a FieldKind to names ({"stage": ["小学", "初中"], "subject": ["数学"]}): the values
are data, created the first time one is named. Only whoever manages the pool (rules.check_pool)
reaches these; anyone else 404. Bad input is a Chinese ValidationError and nothing is written.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.models import Organisation, User
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState
from workflows.engine.experts import rules
from workflows.engine.experts.pool_models import ConflictReason, Expert, ExpertConflict, ExpertField, FieldKind
from workflows.engine.locking import lock_row

EDITABLE = ("home", "fields", "title", "note")


@service
def add_expert(*, department, user, home, by, fields=None, title="", note="") -> Expert:
    rules.check_pool(by, department)
    user, home = _user(user), _organisation(home, "home")
    if Expert.objects.filter(department=department, user=user).exists():
        raise ValidationError({"user": _("%(name)s已在本处室专家库中。") % {"name": user.full_name or user.username}})
    expert = Expert.objects.create(department_id=pk_of(department), user=user, home=home,
                                   title=_text(title, 50, "title"), note=_text(note, 200, "note"))
    expert.fields.set(_fields(fields or {}))
    _audit(expert, "added", by, after=described(expert))
    return expert


@service
def edit_expert(*, expert, by, **changes) -> Expert:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("不能修改这些字段：%(fields)s。") % {"fields": "、".join(sorted(unknown))})
    expert = lock_row(Expert, rules.expert_for(by, expert).pk)
    before = described(expert)
    if "home" in changes:
        expert.home = _organisation(changes["home"], "home")
    for name, limit in (("title", 50), ("note", 200)):
        if name in changes:
            setattr(expert, name, _text(changes[name], limit, name))
    expert.save()
    if "fields" in changes:
        expert.fields.set(_fields(changes["fields"] or {}))
    _audit(expert, "edited", by, before=before, after=described(expert))
    return expert


@service
def set_expert_active(*, expert, active: bool, by) -> Expert:
    """Take an expert out of the pool (no later draw picks them; their current panels keep them), or back."""
    expert = lock_row(Expert, rules.expert_for(by, expert).pk)
    if expert.is_active == bool(active):
        raise InvalidState(_("该专家已在库。") if active else _("该专家已停用。"))
    expert.is_active = bool(active)
    expert.save(update_fields=["is_active"])
    _audit(expert, "reactivated" if active else "deactivated", by)
    return expert


@service
def add_conflict(*, expert, organisation, reason, by, detail="") -> ExpertConflict:
    expert = lock_row(Expert, rules.expert_for(by, expert).pk)
    organisation = _organisation(organisation, "organisation")
    if reason not in ConflictReason.values:
        raise ValidationError({"reason": _("请选择回避原因。")})
    if expert.conflicts.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("已登记回避“%(name)s”。") % {"name": organisation.name}})
    conflict = ExpertConflict.objects.create(expert=expert, organisation=organisation, reason=reason,
                                             detail=_text(detail, 200, "detail"))
    _audit(expert, "conflict_added", by, organisation=organisation.pk, organisation_name=organisation.name,
           reason=reason, detail=conflict.detail)
    return conflict


@service
def remove_conflict(*, conflict, by) -> None:
    found = ExpertConflict.objects.filter(pk=pk_of(conflict)).select_related("organisation").first()
    expert = lock_row(Expert, rules.expert_for(by, found.expert_id if found else None).pk)
    _audit(expert, "conflict_removed", by, organisation=found.organisation_id,
           organisation_name=found.organisation.name, reason=found.reason)
    found.delete()


def described(expert) -> dict:
    """What the audit keeps of an expert: home, title, note and fields, by name."""
    return {"home": expert.home_id, "home_name": expert.home.name, "title": expert.title, "note": expert.note,
            "fields": sorted(str(field) for field in expert.fields.all())}


def _audit(expert, action, by, **data) -> None:
    record_event(action=f"expert_{action}", target=expert, actor=by, organisation=expert.department, data=data)


def _user(ref) -> User:
    user = User.objects.filter(pk=pk_of(ref), is_active=True).first() if ref else None
    if user is None:
        raise ValidationError({"user": _("请选择一个有效的用户。")})
    return user


def _organisation(ref, field: str) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk_of(ref), is_active=True).first() if ref else None
    if organisation is None:
        raise ValidationError({field: _("请选择一个有效的单位。")})
    return organisation


def _text(value, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError({field: _("不能超过%(n)d个字。") % {"n": limit}})
    return value


def _fields(by_kind) -> list[ExpertField]:
    """The ExpertField rows named in `by_kind` ({kind: [names]}), created when new."""
    found = []
    for kind, names in by_kind.items():
        if kind not in FieldKind.values:
            raise ValidationError({"fields": _("未知的专业领域类别：%(kind)s。") % {"kind": kind}})
        for name in {(name or "").strip() for name in names} - {""}:
            if len(name) > 50:
                raise ValidationError({"fields": _("专业领域名称不能超过50个字。")})
            found.append(ExpertField.objects.get_or_create(kind=kind, name=name)[0])
    return found
