"""Campaign rules (申报批次): the submission window and the quotas.

    check_submission_window(campaign=..., now=...)                    new submissions
    check_resubmission_window(campaign=..., return_deadline=..., now=...)   after a return (退回修改)
    check_district_list_window(campaign=..., now=...)                a district's recommendation list
    reserve_quota(campaign=..., district=... | None, count=...)      a list act takes seats
    recount_seats(campaign=..., district=... | None)                 after memberships ended
    seats_taken(campaign=..., district=... | None)                   the live memberships
    remaining_quota(campaign=..., district=... | None)               for display; no lock

The window is [opens_at, closes_at): open at the opening moment, closed at the closing one. A
district's seats (its recommendation list) and the campaign's total (the city's decision list)
are counted separately; both change only under a lock on the campaign row, so concurrent list acts
never exceed a quota. Errors are Chinese ValidationErrors that name the reason, the dates and the
numbers (also in `error.params`); nothing is written when one is raised.

A seat is a live list membership (lists.models.ListMember): the counters on the campaign and its
district quotas are what the live memberships add up to, kept so under the campaign's lock. A
list act adds `count` to them and writes its members in the same transaction; a freed seat (a
membership ended, workflows.engine.lists.seats) and a quota edit recount them from the memberships,
so a counter cannot drift from the seats it stands for. There is no "give back n seats": seats
are given back only by ending memberships.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.orgs.roles import OrgKind
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.models import ListMember, QuotaScope
from workflows.engine.locking import lock_waiting

# How long a list act waits for another one holding the campaign's quota (PostgreSQL).
QUOTA_LOCK_TIMEOUT = "3s"


def check_submission_window(*, campaign: Campaign, now=None) -> None:
    """Raise unless a new application may be submitted to `campaign` at `now`."""
    now = now or timezone.now()
    dates = _window(campaign)
    if now < campaign.opens_at:
        raise ValidationError(
            _("“%(campaign)s”尚未开始申报，申报时间为%(opens)s至%(closes)s。"), code="campaign_not_open", params=dates
        )
    if now >= campaign.closes_at:
        raise ValidationError(
            _("“%(campaign)s”已于%(closes)s截止申报（申报时间为%(opens)s至%(closes)s），不能再提交新的申报。"),
            code="campaign_closed",
            params=dates,
        )


def check_resubmission_window(*, campaign: Campaign, return_deadline, now=None) -> None:
    """Raise unless an application returned for revision may be resubmitted at `now`.

    While the campaign is open, always; after it closes, until the return's deadline (inclusive).
    A return whose deadline is still pending (its calendar year is missing: None) does not block.
    """
    now = now or timezone.now()
    if now < campaign.closes_at:
        check_submission_window(campaign=campaign, now=now)
        return
    if return_deadline is None or now <= return_deadline:
        return
    raise ValidationError(
        _("“%(campaign)s”已于%(closes)s截止申报，退回修改后的重新提交期限%(deadline)s也已过。"),
        code="resubmission_closed",
        params={**_window(campaign), "deadline": _when(return_deadline)},
    )


def check_district_list_window(*, campaign: Campaign, now=None) -> None:
    """Raise unless a district may still sign a recommendation list of `campaign` at `now`: until
    its formal review closes (formal_review_closes_at; no limit when empty). A seat a city return
    or rejection freed is refilled by such a list, so the same date ends the refills."""
    closes = campaign.formal_review_closes_at
    if closes is None or (now or timezone.now()) < closes:
        return
    raise ValidationError(
        _("“%(campaign)s”的形式审查已于%(closes)s截止，区县不能再报送推荐名单（包括名额释放后的补报）。"),
        code="formal_review_closed",
        params={"campaign": str(campaign), "closes": _when(closes)},
    )


def reserve_quota(*, campaign: Campaign, district=None, count: int) -> int | None:
    """Take `count` seats: the district's when `district` is given, else the campaign's total.
    The caller writes the `count` list members in the same transaction (the lock is held until
    it ends).

    Returns the seats left afterwards (None: no limit). Over quota raises a ValidationError with
    the quota, the seats taken, the seats left and the count asked for.
    """
    count = _check_count(count)
    with transaction.atomic():
        locked = lock_campaign(campaign)
        quota, reserved, rows = _seats(locked, district)
        if quota is None:
            return None
        if reserved + count > quota:
            raise _over_quota(locked, district, quota=quota, reserved=reserved, count=count)
        rows.update(**{_counter(district): F(_counter(district)) + count})
        return quota - reserved - count


def recount_seats(*, campaign: Campaign, district=None) -> int | None:
    """Set the counter to the live memberships, under the campaign's lock: after memberships
    ended (their seats are free again) or before a quota is changed. Returns the seats left
    (None: no limit)."""
    with transaction.atomic():
        locked = lock_campaign(campaign)
        quota, _reserved, rows = _seats(locked, district)
        taken = seats_taken(campaign=locked, district=district)
        rows.update(**{_counter(district): taken})
        return None if quota is None else quota - taken


def seats_taken(*, campaign: Campaign, district=None) -> int:
    """The seats the live members of the campaign's lists hold: the district's, or the total."""
    members = ListMember.objects.live().filter(list_act__campaign_id=campaign.pk)
    if district is None:
        return members.filter(list_act__quota_scope=QuotaScope.TOTAL).count()
    return members.filter(list_act__quota_scope=QuotaScope.DISTRICT, list_act__organisation_id=district.pk).count()


def remaining_quota(*, campaign: Campaign, district=None) -> int | None:
    """Seats left right now (None: no limit). Without a lock: for display, not for deciding."""
    quota, reserved, _rows = _seats(campaign, district)
    return None if quota is None else quota - reserved


def _seats(campaign, district):
    """(quota, reserved, queryset of the row holding the counter) for the district or the total."""
    if district is None:
        rows = Campaign.objects.filter(pk=campaign.pk)
        quota, reserved = rows.values_list("total_quota", "total_reserved").get()
        return quota, reserved, rows
    if getattr(district, "kind", None) != OrgKind.DISTRICT:
        raise ValidationError(_("只能按区县占用名额。"), code="quota_not_district")
    rows = DistrictQuota.objects.filter(campaign_id=campaign.pk, district_id=district.pk)
    found = rows.values_list("quota", "reserved").first()
    if found is not None:
        return found[0], found[1], rows
    if DistrictQuota.objects.filter(campaign_id=campaign.pk).exists():
        raise ValidationError(
            _("“%(campaign)s”没有给%(district)s分配名额。"),
            code="quota_not_allocated",
            params={"campaign": str(campaign), "district": str(district)},
        )
    return None, 0, rows  # the campaign has no per-district quotas


def _counter(district) -> str:
    return "total_reserved" if district is None else "reserved"


def lock_campaign(campaign) -> Campaign:
    """Lock the campaign row, waiting at most QUOTA_LOCK_TIMEOUT (then Busy, HTTP 409). Every
    change of its seats or quotas happens under this lock."""
    return lock_waiting(Campaign.objects.filter(pk=campaign.pk), timeout=QUOTA_LOCK_TIMEOUT,
                        busy_message=_("其他人正在占用该批次的名额，请稍后重试。"))


def _over_quota(campaign, district, *, quota, reserved, count):
    params = {
        "campaign": str(campaign),
        "district": str(district) if district is not None else "",
        "quota": quota,
        "reserved": reserved,
        "remaining": quota - reserved,
        "count": count,
    }
    if district is not None:
        message = _("%(district)s在“%(campaign)s”的名额不足：共%(quota)d个，已占用%(reserved)d个，"
                    "剩余%(remaining)d个，本次需要%(count)d个。")
    else:
        message = _("“%(campaign)s”的总名额不足：共%(quota)d个，已占用%(reserved)d个，"
                    "剩余%(remaining)d个，本次需要%(count)d个。")
    return ValidationError(message, code="quota_exceeded", params=params)


def _check_count(count) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValidationError(_("名额数量必须是正整数。"), code="quota_count_invalid")
    return count


def _window(campaign) -> dict:
    return {"campaign": str(campaign), "opens": _when(campaign.opens_at), "closes": _when(campaign.closes_at)}


def _when(moment) -> str:
    """A local date and time as users write it: 2021年3月1日 08:00."""
    local = timezone.localtime(moment)
    return _("%(year)d年%(month)d月%(day)d日 %(time)s") % {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "time": local.strftime("%H:%M"),
    }
