"""Who may start what (发起申报): the one place of the rule, for the page, the API and the service.

A person may start a kind's application for a school where they hold one of the roles the kind's
Submit node names, in a campaign of a programme the kind runs, whose programme admits the school's
type and 公办/民办 (the programme's `admits`: data the department edits), while the campaign's
window is open and the school's district (or the campaign's total) has seats left.
`offers(user)` lists what that allows now; `start_refusal(...)` says why one start is refused.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.orgs.models import Organisation, Ownership, RoleGrant, SchoolType
from core.orgs.roles import OrgKind
from workflows.engine.assignment import ITEM_ORG, RoleAt
from workflows.engine.exceptions import NotAllowed
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.campaigns import check_submission_window
from workflows.engine.start.kinds import start_kinds


@dataclass(frozen=True)
class Offer:
    """One thing `user` may start now: a kind, in a campaign, for one of their schools."""

    kind: object
    campaign: Campaign
    organisation: Organisation
    remaining: int | None  # seats left for the school's district (or the campaign's total); None: no limit


def submitting_roles(kind) -> set:
    """The roles the kind's Submit node names at the applying school: who submits (not drafters)."""
    return {actor.role for actor in kind.flow_class.submit_node().actors
            if isinstance(actor, RoleAt) and actor.level == ITEM_ORG}


def starting_roles(kind) -> set:
    """The roles the kind's Submit node names at the applying school, its drafters' too."""
    node = kind.flow_class.submit_node()
    return {actor.role for actor in (*node.actors, *node.drafters)
            if isinstance(actor, RoleAt) and actor.level == ITEM_ORG}


def schools_of(user, kind):
    """The schools where `user` may start `kind` (an active grant of a starting role there)."""
    if not user or not user.is_authenticated:
        return Organisation.objects.none()
    ids = RoleGrant.objects.active().filter(user=user, role__in=starting_roles(kind)).values("organisation_id")
    return (Organisation.objects.filter(pk__in=ids, kind=OrgKind.SCHOOL, is_active=True).select_related("parent")
            .order_by("path"))


def _schools_by_kind(user, kinds) -> dict[str, list]:
    """schools_of for every kind at once (one query however many kinds are registered)."""
    roles = {kind.code: starting_roles(kind) for kind in kinds}
    grants = RoleGrant.objects.active().filter(
        user=user, role__in=set().union(*roles.values()), organisation__kind=OrgKind.SCHOOL,
        organisation__is_active=True).select_related("organisation__parent").order_by("organisation__path", "pk")
    grants = list(grants)
    found = {}
    for code, wanted in roles.items():
        schools = {grant.organisation_id: grant.organisation for grant in grants if grant.role in wanted}
        found[code] = list(schools.values())
    return found


def _district_id(school):
    if school.parent is not None and school.parent.kind == OrgKind.DISTRICT:
        return school.parent_id
    district = school.district()
    return district.pk if district else None


def open_campaigns(now=None):
    now = now or timezone.now()
    codes = {kind.code for kind in start_kinds()}
    return (Campaign.objects.filter(programme__kind__in=codes, opens_at__lte=now, closes_at__gt=now)
            .select_related("owner_department", "programme").order_by("closes_at", "pk"))


def offers(user, now=None) -> list[Offer]:
    """Everything `user` may start now, soonest closing first: three queries however many."""
    campaigns = list(open_campaigns(now))
    if not campaigns or not user or not user.is_authenticated:
        return []
    quotas = {(row.campaign_id, row.district_id): row
              for row in DistrictQuota.objects.filter(campaign__in=campaigns)}
    allocated = {campaign_id for campaign_id, _district in quotas}
    found = []
    kinds = start_kinds()
    starting = _schools_by_kind(user, kinds)
    for kind in kinds:
        schools = starting[kind.code]
        for campaign in campaigns:
            if not kind.runs(campaign):
                continue
            for school in schools:
                if not campaign.programme.admits(school):
                    continue
                remaining = _remaining(campaign, _district_id(school), quotas, allocated)
                if remaining is False or remaining == 0:
                    continue
                found.append(Offer(kind, campaign, school, remaining))
    return found


def _remaining(campaign, district_id, quotas, allocated):
    """Seats left for the district, else the total (None: no limit; False: no seats allocated)."""
    row = quotas.get((campaign.pk, district_id))
    if row is not None:
        return row.quota - row.reserved
    if campaign.pk in allocated:
        return False
    if campaign.total_quota is None:
        return None
    return campaign.total_quota - campaign.total_reserved


def start_refusal(user, kind, campaign, organisation, now=None):
    """Why `user` may not start `kind` in `campaign` for `organisation` now, as the error to raise
    (NotAllowed: not theirs; ValidationError: the campaign refuses), or None."""
    if not user or not user.is_authenticated:
        return NotAllowed(_("请先登录。"))
    if not schools_of(user, kind).filter(pk=organisation.pk).exists():
        return NotAllowed(_("您在%(org)s没有可申报此事项的角色。") % {"org": organisation})
    if not kind.runs(campaign):
        return NotAllowed(_("“%(campaign)s”不受理此类申报。") % {"campaign": campaign})
    programme = campaign.programme
    if not programme.admits(organisation):
        return NotAllowed(_("“%(programme)s”只面向%(types)s（%(ownerships)s），%(org)s（%(type)s，%(ownership)s）"
                            "不在申报范围内。") % {
            "programme": programme.name, "org": organisation,
            "types": "、".join(str(SchoolType(t).label) for t in programme.school_types if t in SchoolType.values),
            "ownerships": "、".join(str(Ownership(o).label) for o in programme.ownerships if o in Ownership.values),
            "type": organisation.get_school_type_display(), "ownership": organisation.get_ownership_display()})
    try:
        check_submission_window(campaign=campaign, now=now)
    except ValidationError as exc:
        return exc
    quotas = {(row.campaign_id, row.district_id): row for row in DistrictQuota.objects.filter(campaign=campaign)}
    remaining = _remaining(campaign, _district_id(organisation), quotas, {key[0] for key in quotas})
    if remaining is False:
        return ValidationError(_("“%(campaign)s”没有给%(district)s分配名额。") % {
            "campaign": campaign, "district": organisation.district()}, code="quota_not_allocated")
    if remaining == 0:
        return ValidationError(_("“%(campaign)s”的名额已满，不能再发起申报。") % {"campaign": campaign},
                               code="quota_exceeded")
    return kind.refusal(campaign, organisation) if kind.refusal is not None else None


def may_start(user) -> bool:
    """For the navigation: whether `user` holds a starting role at a school for some kind. One
    query however many kinds are registered (every page draws the navigation)."""
    if not user or not user.is_authenticated:
        return False
    roles = set().union(*(starting_roles(kind) for kind in start_kinds()))
    return RoleGrant.objects.active().filter(user=user, role__in=roles, organisation__kind=OrgKind.SCHOOL,
                                             organisation__is_active=True).exists()
