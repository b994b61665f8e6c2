"""The rules of expert panels, each written once.

Who manages a department's pool (专家库: experts, their fields, conflicts): its reviewers and heads
(市局处室审核员、负责人), and the city's administrators (系统管理员, superusers), who keep every
department's pool (`pool_departments`). Who draws a panel and sees its audit: the department's
reviewers and heads only (`drawing_departments`): a draw is the department's act, not an
administrator's. Anyone else is told the pool, expert or panel does not exist (404).

What an expert sees (the seat rule). A seat reveals its panel's items only once its pledge
(承诺书) is accepted (`REVEALING`): accepting writes the expert's participation in each item
(ParticipationReason.PANEL_MEMBER, experts.seats.accept_pledge), and that participation is the
only way scoping (core.orgs.scoping) shows the items to an expert. An invited member, a reserve,
one who declined, an expert of another panel or another department see nothing of the items: not
on the item page, not in the API, not on 我的评审 (`seat_items` refuses). Who may score an item now
is `may_score` (an accepted seat on the item's current, open panel): the scoring step asks it.
Taking an expert out of the pool (is_active) keeps them from later draws, not from the panels
they sit on.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from workflows.engine.exceptions import NotFound
from workflows.engine.experts.models import Panel, Seat, SeatState
from workflows.engine.experts.pool_models import Expert

STAFF_ROLES = (Role.CITY_REVIEWER, Role.CITY_HEAD)
REVEALING = (SeatState.ACCEPTED,)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def drawing_departments(user):
    """The departments for which `user` draws panels (their reviewers and heads)."""
    if not _signed_in(user):
        return Organisation.objects.none()
    held = RoleGrant.objects.active().filter(user=user, role__in=STAFF_ROLES).values("organisation_id")
    return Organisation.objects.filter(pk__in=held, kind=OrgKind.DEPARTMENT, is_active=True)


def pool_departments(user):
    """The departments whose pool `user` manages: the drawing departments, every one for an administrator."""
    if not _signed_in(user):
        return Organisation.objects.none()
    if user.is_superuser or RoleGrant.objects.active().filter(user=user, role=Role.ADMIN).exists():
        return Organisation.objects.filter(kind=OrgKind.DEPARTMENT, is_active=True)
    return drawing_departments(user)


def check_pool(user, department) -> None:
    if department is None or not pool_departments(user).filter(pk=getattr(department, "pk", department)).exists():
        raise NotFound(_pool_not_found())


def check_drawer(user, department) -> None:
    if department is None or not drawing_departments(user).filter(pk=getattr(department, "pk", department)).exists():
        raise NotFound(_("未找到该事项或评审组，或您无权抽取专家。"))


def managed_experts(user):
    return Expert.objects.filter(department__in=pool_departments(user))


def expert_for(user, ref) -> Expert:
    """The expert if `user` manages their pool, else NotFound (also when there is none)."""
    return _one(managed_experts(user).select_related("user", "home", "department"), ref, _pool_not_found)


def drawn_panels(user):
    """The panels `user`'s departments drew."""
    return Panel.objects.filter(department__in=drawing_departments(user))


def panel_for(user, ref) -> Panel:
    return _one(drawn_panels(user).select_related("department", "campaign", "drawn_by"), ref,
                lambda: _("未找到该评审组，或您无权查看。"))


# --- The expert's own seats ---------------------------------------------------------------------


def own_seats(user):
    """`user`'s seats on panels, in every pool they are in (reserves included: they may be called)."""
    if not _signed_in(user):
        return Seat.objects.none()
    return Seat.objects.filter(expert__user=user)


def own_seat(user, ref) -> Seat:
    """`user`'s own seat, else NotFound: nobody acts on or reads another's seat."""
    return _one(own_seats(user).select_related("panel", "expert"), ref, lambda: _("未找到该评审任务，或您无权查看。"))


def reveals(seat) -> bool:
    """Whether this seat lets its expert see the panel's items."""
    return seat.state in REVEALING


def scoring_seats_q(item_id) -> Q:
    """The seats that may score the item now: accepted, on its current panel, the panel open."""
    return Q(state__in=REVEALING, panel__closed_at__isnull=True, panel__panel_items__item_id=item_id,
             panel__panel_items__current=True)


def may_score(user, item) -> bool:
    if not _signed_in(user):
        return False
    return Seat.objects.filter(scoring_seats_q(getattr(item, "pk", item)), expert__user=user).exists()


def _one(queryset, ref, message):
    """The row of `queryset` with the key `ref`, else NotFound with message(): missing and out of
    reach are the same answer."""
    try:
        return queryset.get(pk=getattr(ref, "pk", ref))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message()) from None


def _pool_not_found():
    return _("未找到该专家库或专家，或您无权管理。")
