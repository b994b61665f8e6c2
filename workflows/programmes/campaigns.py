"""A programme's campaigns (申报批次) as its department runs them:

    open_campaign(*, programme, by, name, opens_at, closes_at, formal_review_closes_at=None, total_quota=DEFAULT,
                  district_quotas=None)
    edit_campaign(*, campaign, by, **fields)        name, opens_at, closes_at, formal_review_closes_at,
                                                    total_quota, district_quotas
    eligible_schools(programme)                     the schools its type and 公办/民办 admit
    campaign_progress(campaign)                     each eligible school: not started, started, submitted

A campaign's window and seats are the engine's (workflows.engine.lists: save_campaign and set_quota
audit each change and keep a quota above the seats taken, under the campaign's lock); these add
what the programme brings: its department, its default quotas and its rubric, frozen (use_rubric)
the moment a campaign is opened under it. Only the programme's department (rules.py) reaches them;
bad input is a Chinese ValidationError and nothing is written.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.engine.envelope import service
from workflows.engine.lists.campaign_edits import save_campaign, set_quota
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.lists.campaigns import lock_campaign
from workflows.engine.locking import lock_row
from workflows.engine.models import BaseStatus, Item
from workflows.engine.reading.search import campaign_lookups
from workflows.engine.rubrics.services import use_rubric
from workflows.programmes import rules
from workflows.programmes.models import CampaignNoticeSent, CampaignNoticeStage, Programme
from workflows.programmes.services import district_seats

DEFAULT = object()  # "the programme's own" (None means no limit)
WINDOW = ("name", "opens_at", "closes_at", "formal_review_closes_at")
EDITABLE = WINDOW + ("total_quota", "district_quotas")
UNSUBMITTED = (BaseStatus.DRAFT, BaseStatus.WITHDRAWN)


@service
def open_campaign(*, programme, by, name, opens_at, closes_at, formal_review_closes_at=None, total_quota=DEFAULT,
                  district_quotas=None) -> Campaign:
    """A new campaign of `programme` for [opens_at, closes_at), with the programme's quotas unless
    given (`district_quotas`: {district: seats}). Its rubric is frozen from now on.
    `formal_review_closes_at`: after it, no district list (first or refill); None: no limit."""
    # The programme's lock (one NOWAIT attempt) keeps an edit from swapping the rubric meanwhile.
    programme = lock_row(Programme, rules.programme_for(by, programme).pk)
    campaign = Campaign(programme=programme, owner_department=programme.owner_department,
                        name=(name or "").strip(), opens_at=opens_at, closes_at=closes_at,
                        formal_review_closes_at=formal_review_closes_at,
                        total_quota=programme.total_quota if total_quota is DEFAULT else total_quota)
    _check_window(campaign, new=True)
    if Campaign.objects.filter(programme=programme, name=campaign.name).exists():
        raise ValidationError({"name": _("“%(programme)s”已有名为“%(name)s”的申报批次。") % {
            "programme": programme.name, "name": campaign.name}}, code="campaign_exists")
    save_campaign(campaign=campaign, by=by)
    quotas = district_quotas if district_quotas is not None else {
        row.district: row.quota for row in programme.district_quotas.select_related("district")}
    for district, seats in district_seats(quotas).items():
        set_quota(campaign=campaign, district=district, total=seats, by=by)
    if programme.rubric_id:
        use_rubric(rubric=programme.rubric_id, by=by, user=str(campaign))
    return campaign


@service
def edit_campaign(*, campaign, by, **fields) -> Campaign:
    """Change the window, the name or the quotas (`district_quotas`: {district: seats}, None for a
    district to take its seats away). A quota never goes below the seats already taken; a new
    closing time sends the reminder before it again."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ValidationError(_("不能修改这些字段：%(names)s。") % {"names": "、".join(unknown)},
                              code="campaign_field_unknown")
    campaign = lock_campaign(rules.campaign_for(by, campaign))
    changed = []
    for field in WINDOW:
        if field in fields:
            value = fields[field].strip() if field == "name" else fields[field]
            if getattr(campaign, field) != value:
                setattr(campaign, field, value)
                changed.append(field)
    if changed:
        _check_window(campaign, new=False)
        if "name" in changed and Campaign.objects.filter(programme_id=campaign.programme_id, name=campaign.name) \
                .exclude(pk=campaign.pk).exists():
            raise ValidationError({"name": _("该项目已有名为“%(name)s”的申报批次。") % {"name": campaign.name}},
                                  code="campaign_exists")
        save_campaign(campaign=campaign, by=by, changed=changed)
        if "closes_at" in changed:
            CampaignNoticeSent.objects.filter(campaign=campaign, stage=CampaignNoticeStage.CLOSING).delete()
    if "total_quota" in fields:
        set_quota(campaign=campaign, total=fields["total_quota"], by=by)
    for district, seats in district_seats(fields.get("district_quotas") or {}, allow_none=True).items():
        set_quota(campaign=campaign, district=district, total=seats, by=by)
    return campaign


def _check_window(campaign, *, new):
    errors = {}
    if not campaign.name:
        errors["name"] = _("请填写批次名称。")
    if campaign.opens_at is None:
        errors["opens_at"] = _("请填写申报开始时间。")
    if campaign.closes_at is None:
        errors["closes_at"] = _("请填写申报截止时间。")
    elif campaign.opens_at is not None and campaign.closes_at <= campaign.opens_at:
        errors["closes_at"] = _("申报截止时间必须晚于开始时间。")
    elif campaign.closes_at <= timezone.now():
        errors["closes_at"] = (_("申报截止时间已过，不能新建已截止的批次。") if new
                               else _("申报截止时间不能改到现在之前；要提前截止，请改为稍后的时间。"))
    formal = campaign.formal_review_closes_at
    if formal is not None and campaign.closes_at is not None and formal <= campaign.closes_at:
        errors["formal_review_closes_at"] = _("形式审查截止时间必须晚于申报截止时间。")
    if errors:
        raise ValidationError(errors, code="campaign_window")


def eligible_schools(programme):
    """The active schools whose type and 公办/民办 the programme admits, in tree order."""
    return (Organisation.objects.filter(kind=OrgKind.SCHOOL, is_active=True, school_type__in=programme.school_types,
                                        ownership__in=programme.ownerships)
            .select_related("parent").order_by("path"))


def campaign_items(campaign):
    """The items started in `campaign`, whatever their kind (each kind's CAMPAIGN_LOOKUP)."""
    by_kind = Q(pk__in=[])
    for kind, lookup in campaign_lookups().items():
        by_kind |= Q(kind=kind, **{lookup: campaign.pk})
    return Item.objects.filter(by_kind)


@dataclass(frozen=True)
class SchoolProgress:
    school: Organisation
    state: str  # "submitted", "started" (a draft or withdrawn only) or "none"
    items: int


STATES = {"none": _("未发起"), "started": _("已发起未提交"), "submitted": _("已提交")}


def campaign_progress(campaign) -> list[SchoolProgress]:
    """Each eligible school (and any other that applied) with how far it got: two queries."""
    found = {}
    for organisation_id, status in campaign_items(campaign).values_list("organisation_id", "status"):
        state, count = found.get(organisation_id, ("none", 0))
        if status not in UNSUBMITTED:
            state = "submitted"
        elif state == "none":
            state = "started"
        found[organisation_id] = (state, count + 1)
    schools = eligible_schools(campaign.programme)
    if found:
        schools = (Organisation.objects.filter(Q(pk__in=schools.values("pk")) | Q(pk__in=list(found)))
                   .select_related("parent").order_by("path"))
    return [SchoolProgress(school, *found.get(school.pk, ("none", 0))) for school in schools]


def progress_counts(rows) -> dict:
    counts = {state: 0 for state in STATES}
    for row in rows:
        counts[row.state] += 1
    return counts
