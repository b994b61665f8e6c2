"""Who may see and file figures, in one place (pages, the API and the services all ask here):

- a school's head files only their own school's figures and sees only them;
- a district's staff (区县经办人) files and imports its own schools' figures (and a county-level
  set's district figures); its reviewers and head see them; nobody in a district sees another's;
- the owning department (the 督导室, code "supervision") sees every target and every result and
  creates collections; it files nobody's figures.

Seeing goes through core.orgs.scoping.scope (the tree, the owning department); out of scope is
404 (NotFound), visible but not one's to do is 403 (NotAllowed)."""

from django.utils.translation import gettext as _

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import DEPARTMENT_ROLES, OrgKind, Role
from core.orgs.scoping import scope
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.inspection.figures.models import FigureCollection, FigureTarget

SUPERVISION_CODE = "supervision"  # the 督导室 (core/orgs/demo_data.py DEPARTMENTS)
DISTRICT_ROLES = (Role.DISTRICT_STAFF, Role.DISTRICT_REVIEWER, Role.DISTRICT_HEAD)
NOT_FOUND = _("未找到该数据采集或填报单位，或您无权查看。")


def visible_targets(user):
    """The targets `user` may see: their school's, their district's schools', or all of the
    collections their department owns."""
    return scope(user, FigureTarget.objects.all(), org_field="organisation", owner_field="collection__department")


def visible_collections(user):
    return FigureCollection.objects.filter(pk__in=visible_targets(user).values("collection_id"))


def supervision_departments(user):
    """The 督导室 where `user` is city staff (empty for anyone else)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    held = RoleGrant.objects.active().filter(user=user, role__in=DEPARTMENT_ROLES).values("organisation_id")
    return Organisation.objects.filter(pk__in=held, kind=OrgKind.DEPARTMENT, code=SUPERVISION_CODE, is_active=True)


def owns(user, collection) -> bool:
    return supervision_departments(user).filter(pk=collection.department_id).exists()


def check_manager(user):
    """The 督导室 `user` works in (the department a new collection belongs to), else NotFound."""
    department = supervision_departments(user).first()
    if department is None:
        raise NotFound(_("只有督导室可以发起数据采集。"))
    return department


def collection_for_user(user, pk) -> FigureCollection:
    return _one(visible_collections(user).select_related("figure_set", "department"), pk)


def target_for_user(user, pk) -> FigureTarget:
    return _one(visible_targets(user).select_related("collection__figure_set", "organisation", "district"), pk)


def _holds(user, roles, organisation) -> bool:
    return RoleGrant.objects.active().filter(user=user, role__in=roles, organisation=organisation).exists()


def may_file(user, target) -> bool:
    """A school's head files their own school; the district's staff files its schools and itself."""
    if target.organisation.kind == OrgKind.SCHOOL and _holds(user, [Role.SCHOOL_HEAD], target.organisation):
        return True
    return _holds(user, [Role.DISTRICT_STAFF], target.district)


def check_file(user, target) -> None:
    """Raise unless `user` may file `target`'s figures: 404 out of scope, 403 seen but not theirs."""
    if not visible_targets(user).filter(pk=target.pk).exists():
        raise NotFound(NOT_FOUND)
    if not may_file(user, target):
        raise NotAllowed(_("您无权填报该单位的数据。"))


def check_import(user, collection, district) -> None:
    """Only the district's own staff imports its schools' figures."""
    if district is None or not visible_targets(user).filter(collection=collection, district=district).exists():
        raise NotFound(NOT_FOUND)
    if not may_import(user, district):
        raise NotAllowed(_("只有本区县经办人可以导入本区县学校的数据。"))


def result_districts(user, collection):
    """The districts whose results `user` may read in `collection`: all of them for its 督导室,
    one's own for a district's staff, reviewers and head; none for a school."""
    districts = Organisation.objects.filter(pk__in=collection.targets.values("district_id")).order_by("path")
    if owns(user, collection) or getattr(user, "is_superuser", False):
        return districts
    held = RoleGrant.objects.active().filter(user=user, role__in=DISTRICT_ROLES).values("organisation_id")
    return districts.filter(pk__in=held)


def district_for_results(user, collection, pk):
    """The district whose results `user` asks for, if they may read them, else NotFound."""
    return _one(result_districts(user, collection), pk)


def _one(queryset, pk):
    try:
        pk = int(getattr(pk, "pk", pk))
        if not 0 < pk < 2 ** 63:
            raise ValueError(pk)
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(NOT_FOUND) from None


def may_import(user, district) -> bool:
    """Whether `user` is the district's staff (who downloads the template and imports)."""
    return _holds(user, [Role.DISTRICT_STAFF], district)
