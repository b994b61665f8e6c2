"""The 督导室's zone services: create a zone, rename it or give it another 责任督学, set its schools.
Each one transaction, audited on the zone; bad input is a Chinese ValidationError and nothing is
written. A school already in another zone is refused by name here, and by the database's unique
constraint when two changes race (routine_school_in_one_zone)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from workflows.engine.envelope import org_ref, pk_of, service
from workflows.engine.exceptions import NotFound
from workflows.engine.locking import lock_row
from workflows.inspection.routine import rules
from workflows.inspection.routine.models import Zone, ZoneSchool

NAME_MAX = 100
SCHOOLS_MAX = 30


def _clean_name(name, *, zone=None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写责任区名称。")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("责任区名称不能超过%(n)s个字。") % {"n": NAME_MAX}})
    if Zone.objects.filter(name=name).exclude(pk=getattr(zone, "pk", None)).exists():
        raise ValidationError({"name": _("已有名为“%(name)s”的责任区。") % {"name": name}})
    return name


def _clean_inspector(ref, *, zone=None):
    pk = pk_of(ref) if ref not in (None, "") else None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
    if user is None:
        raise ValidationError({"inspector": _("请选择责任督学。")})
    if not RoleGrant.objects.active().filter(user=user, role=Role.INSPECTOR).exists():
        raise ValidationError({"inspector": _("“%(name)s”不是督学。") % {"name": user.full_name or user.username}})
    other = Zone.objects.filter(inspector=user).exclude(pk=getattr(zone, "pk", None)).first()
    if other is not None:
        raise ValidationError({"inspector": _("“%(name)s”已是“%(zone)s”的责任督学。")
                               % {"name": user.full_name or user.username, "zone": other.name}})
    return user


def _clean_schools(refs, *, zone=None) -> list[Organisation]:
    ids = [pk_of(ref) for ref in refs or ()]
    if len(set(ids)) != len(ids):
        raise ValidationError({"schools": _("同一所学校不能重复列入。")})
    if len(ids) > SCHOOLS_MAX:
        raise ValidationError({"schools": _("一个责任区最多%(n)s所学校。") % {"n": SCHOOLS_MAX}})
    found = Organisation.objects.filter(pk__in=ids, kind=OrgKind.SCHOOL, is_active=True).in_bulk()
    if len(found) != len(ids):
        raise ValidationError({"schools": _("所选单位中有不存在、已停用或不是学校的单位。")})
    taken = (ZoneSchool.objects.filter(school_id__in=ids).exclude(zone_id=getattr(zone, "pk", None))
             .select_related("school", "zone").order_by("school__path"))
    errors = [_("“%(school)s”已在“%(zone)s”责任区，请先从该责任区移出。") % {"school": row.school.name, "zone": row.zone.name}
              for row in taken]
    if errors:
        raise ValidationError({"schools": errors})
    return [found[pk] for pk in ids]


def _write_schools(zone, schools) -> None:
    """Replace the zone's schools; the constraint's refusal (a race) is said like the check's."""
    keep = {school.pk for school in schools}
    ZoneSchool.objects.filter(zone=zone).exclude(school_id__in=keep).delete()
    have = set(ZoneSchool.objects.filter(zone=zone).values_list("school_id", flat=True))
    try:
        with transaction.atomic():
            ZoneSchool.objects.bulk_create([ZoneSchool(zone=zone, school=school)
                                            for school in schools if school.pk not in have])
    except IntegrityError:
        raise ValidationError({"schools": _("所选学校中有的刚被划入其他责任区，请刷新后重试。")}) from None


def _audit(zone, action, by, **data):
    record_event(action=f"routine_zone_{action}", target=zone, actor=by, organisation=org_ref(zone.department_id),
                 data={"zone": zone.pk, "name": zone.name, "inspector": zone.inspector_id, **data})


def _managed(zone_ref, by) -> Zone:
    rules.check_manager(by)
    pk = getattr(zone_ref, "pk", zone_ref)
    if not str(pk).isdigit() or not Zone.objects.filter(pk=pk).exists():
        raise NotFound(_("未找到该责任区。"))
    return lock_row(Zone, pk)


@service
def create_zone(*, by, name, inspector, schools=()) -> Zone:
    """A new zone of the 督导室 `by` works in, with its 责任督学 and schools."""
    department = rules.check_manager(by)
    zone = Zone(name=_clean_name(name), inspector=_clean_inspector(inspector), department_id=department)
    schools = _clean_schools(schools)
    zone.save()
    _write_schools(zone, schools)
    _audit(zone, "created", by, schools=[school.pk for school in schools])
    return zone


@service
def edit_zone(*, zone, by, name=None, inspector=None) -> Zone:
    """Rename the zone or give it another 责任督学 (the visits stay with whoever recorded them)."""
    zone = _managed(zone, by)
    before = {"name": zone.name, "inspector": zone.inspector_id}
    if name is not None:
        zone.name = _clean_name(name, zone=zone)
    if inspector is not None:
        zone.inspector = _clean_inspector(inspector, zone=zone)
    if {"name": zone.name, "inspector": zone.inspector_id} == before:
        raise ValidationError({"name": _("没有需要保存的修改。")})
    zone.save(update_fields=["name", "inspector"])
    _audit(zone, "edited", by, before=before)
    return zone


@service
def set_zone_schools(*, zone, by, schools) -> Zone:
    """The zone's schools are now exactly `schools` (school organisations or their keys)."""
    zone = _managed(zone, by)
    before = sorted(ZoneSchool.objects.filter(zone=zone).values_list("school_id", flat=True))
    schools = _clean_schools(schools, zone=zone)
    _write_schools(zone, schools)
    _audit(zone, "schools_set", by, before=before, schools=[school.pk for school in schools])
    return zone
