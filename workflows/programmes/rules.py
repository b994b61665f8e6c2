"""Who may see and change a programme and its campaigns: the staff of its owning department
(市局处室审核员、负责人 held there), nobody else: not another department, not a district, not a
school, not an expert. Out of scope is 404: we do not confirm that a programme exists. Every page,
API endpoint and service asks here; schools reach a campaign only through 发起申报's own rule
(workflows.engine.start.rules).

The campaign's overview (申报批次总览) and its applications export are read by a district's people
too, for their own district only (`overview_for`); its scores and results are the department's.
"""

from django.utils.translation import gettext as _

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role

from workflows.engine.exceptions import NotFound
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.rubrics.rules import staff_departments
from workflows.programmes.models import Programme

__all__ = ["campaign_for", "check_department", "managed_campaigns", "manageable", "overview_for", "programme_for",
           "staff_departments"]

DISTRICT_READERS = (Role.DISTRICT_STAFF, Role.DISTRICT_REVIEWER, Role.DISTRICT_HEAD)


def manageable(user):
    """The programmes `user` may see and change."""
    return Programme.objects.filter(owner_department__in=staff_departments(user))


def managed_campaigns(user):
    """The campaigns (of those programmes) `user` may see and change."""
    return Campaign.objects.filter(programme__owner_department__in=staff_departments(user))


def check_department(user, department) -> None:
    """Raise NotFound unless `user` is staff of `department` (where a new programme goes)."""
    if department is None or not staff_departments(user).filter(pk=getattr(department, "pk", department)).exists():
        raise NotFound(_("未找到该处室，或您无权管理其申报项目。"))


def programme_for(user, ref, *, queryset=None) -> Programme:
    """The programme if `user` may manage it, else NotFound (also when it does not exist)."""
    return _one(queryset if queryset is not None else manageable(user), ref, _("未找到该申报项目，或您无权查看。"))


def campaign_for(user, ref, *, queryset=None) -> Campaign:
    """The campaign if `user` may manage its programme, else NotFound."""
    return _one(queryset if queryset is not None else managed_campaigns(user), ref,
                _("未找到该申报批次，或您无权查看。"))


def _one(queryset, ref, message):
    try:
        pk = int(getattr(ref, "pk", ref))
        if not 0 < pk < 2 ** 63:
            raise ValueError(pk)
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message) from None


def own_districts(user):
    """The districts where `user` holds a district role (区县经办人、审核员、负责人)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    held = RoleGrant.objects.active().filter(user=user, role__in=DISTRICT_READERS).values("organisation_id")
    return Organisation.objects.filter(pk__in=held, kind=OrgKind.DISTRICT, is_active=True).order_by("path")


def overview_for(user, ref, *, queryset=None) -> tuple[Campaign, list | None]:
    """(the campaign, the districts whose rows `user` may read: None for all). The owning
    department reads every district; a district's people read their own district's row; anyone
    else NotFound."""
    base = queryset if queryset is not None else Campaign.objects.all()
    try:
        return campaign_for(user, ref, queryset=base.filter(programme__owner_department__in=staff_departments(user))), None
    except NotFound:
        districts = list(own_districts(user))
        if not districts:
            raise
        return _one(base, ref, _("未找到该申报批次，或您无权查看。")), districts
