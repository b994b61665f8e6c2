"""Editing campaigns and their quotas (the admin's save calls these), each audited on the campaign.

    save_campaign(*, campaign, by, changed=())     a new campaign, or its changed fields
    set_quota(*, campaign, district=None, total, by)  the total (district None) or a district's

A quota is changed under the campaign's lock, against the seats the live list memberships hold
(campaigns.seats_taken): never below them, so no quota edit strands a seat, and the counter is
recounted from them at the same time. Bad input raises a Chinese ValidationError and changes
nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.roles import OrgKind
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.campaigns import lock_campaign, seats_taken


@transaction.atomic
def save_campaign(*, campaign: Campaign, by, changed=()) -> Campaign:
    """Save a new campaign (with its total quota) or the `changed` fields of an existing one;
    a changed total quota goes through set_quota. One audit event, naming what changed."""
    campaign.full_clean(exclude=["total_reserved"])
    if campaign.pk is None:
        campaign.save()
        record_event(action="campaign_create", target=campaign, actor=by, organisation=campaign.owner_department,
                     data={"fields": _values(campaign, [field.name for field in Campaign._meta.concrete_fields
                                                        if field.editable and field.name != "id"])})
        return campaign
    fields = [name for name in changed if name != "total_quota"]
    if fields:
        campaign.save(update_fields=fields)
        record_event(action="campaign_edit", target=campaign, actor=by, organisation=campaign.owner_department,
                     data={"fields": _values(campaign, fields)})
    if "total_quota" in changed:
        set_quota(campaign=campaign, total=campaign.total_quota, by=by)
    return campaign


@transaction.atomic
def set_quota(*, campaign: Campaign, district=None, total, by) -> None:
    """Set the campaign's total quota (`district` None) or `district`'s seats to `total`; None
    means no limit for the total and no allocation for a district. Refused below the seats
    already taken."""
    if total is not None and (isinstance(total, bool) or not isinstance(total, int) or total < 0):
        raise ValidationError(_("名额必须是不小于0的整数。"), code="quota_invalid")
    if district is not None and district.kind != OrgKind.DISTRICT:
        raise ValidationError(_("只能给区县分配名额。"), code="quota_not_district")
    locked = lock_campaign(campaign)
    taken = seats_taken(campaign=locked, district=district)
    removed = total is None and district is not None  # a district without a row has no seats
    if taken and (removed or (total is not None and total < taken)):
        raise ValidationError(
            _("%(whose)s已占用%(taken)d个名额，名额不能少于%(taken)d个。"),
            code="quota_below_taken",
            params={"whose": str(district) if district is not None else _("全市"), "taken": taken,
                    "total": total},
        )
    if district is None:
        before = locked.total_quota
        Campaign.objects.filter(pk=locked.pk).update(total_quota=total, total_reserved=taken)
        campaign.total_quota, campaign.total_reserved = total, taken
    else:
        row = DistrictQuota.objects.filter(campaign=locked, district=district).first()
        before = row.quota if row else None
        if total is None:
            DistrictQuota.objects.filter(campaign=locked, district=district).delete()
        else:
            DistrictQuota.objects.update_or_create(campaign=locked, district=district,
                                                   defaults={"quota": total, "reserved": taken})
    if before == total:
        return
    record_event(action="quota_set", target=locked, actor=by, organisation=locked.owner_department,
                 data={"district": district.pk if district is not None else None,
                       "district_name": str(district) if district is not None else "",
                       "from": before, "to": total, "taken": taken})


def _values(campaign, names) -> dict:
    """The fields' new values as the audit stores them (related rows by key)."""
    return {name: getattr(campaign, Campaign._meta.get_field(name).attname) for name in names}
