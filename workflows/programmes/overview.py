"""申报批次总览: one campaign by district and by stage, whatever its kind.

    campaign_overview(campaign, districts=None)   the table; `districts`: only their rows (a
                                                  district's own view), None: every district

Per district: how many items stand at each status of the kind (its declared order, the order of
its process), how many of those are late (an open task past its deadline, TaskDeadline), the
district's seats used against its quota, and how many eligible schools have started, submitted
or not (campaigns.campaign_progress); the totals below, with the campaign's total quota. Who may
read it is rules.overview_for. A fixed number of queries, however many items and schools.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind
from workflows.engine.lists.campaign_models import DistrictQuota
from workflows.engine.models import kind_models
from workflows.engine.reading.search import overdue_item_ids
from workflows.engine.reading.stats import item_counts
from workflows.programmes.campaigns import STATES, campaign_items, campaign_progress


@dataclass
class OverviewRow:
    district: Organisation
    counts: list[int]  # per status, in `Overview.statuses` order
    late: list[int]
    quota: DistrictQuota | None
    progress: dict  # {"none", "started", "submitted"}: eligible schools

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def late_total(self) -> int:
        return sum(self.late)

    @property
    def cells(self) -> list[tuple[int, int]]:
        return list(zip(self.counts, self.late))


@dataclass
class Overview:
    campaign: object
    statuses: list[tuple[str, str]]
    rows: list[OverviewRow]
    has_district_quotas: bool
    whole_city: bool  # False: a district's own view (no city totals beyond its rows)
    at: object = None
    totals: list[int] = field(default_factory=list)
    late_totals: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def late_total(self) -> int:
        return sum(self.late_totals)

    @property
    def seats_used(self) -> int:
        return sum(row.quota.reserved for row in self.rows if row.quota)

    @property
    def seats_allocated(self) -> int:
        return sum(row.quota.quota for row in self.rows if row.quota)

    @property
    def progress(self) -> dict:
        return {state: sum(row.progress[state] for row in self.rows) for state in STATES}

    @property
    def status_rows(self) -> list[dict]:
        return [{"status": code, "label": label} for code, label in self.statuses]

    @property
    def total_cells(self) -> list[tuple[int, int]]:
        return list(zip(self.totals, self.late_totals))


def statuses_of(campaign) -> list[tuple[str, str]]:
    """The statuses of the campaign's kind, in the order the kind declares them."""
    model = kind_models().get(campaign.programme.kind)
    return [(code, str(label)) for code, label in model.Status.choices] if model else []


def in_districts(items, districts):
    if districts is None:
        return items
    paths = Q(pk__in=[])
    for district in districts:
        paths |= Q(organisation__path__startswith=district.path)
    return items.filter(paths)


def campaign_overview(campaign, districts=None, now=None) -> Overview:
    now = now or timezone.now()
    statuses = statuses_of(campaign)
    codes = [code for code, _label in statuses]
    items = in_districts(campaign_items(campaign), districts)
    counts = _by_district_status(item_counts(items))
    late = _by_district_status(item_counts(items.filter(pk__in=overdue_item_ids(now))))
    quotas = {row.district_id: row for row in DistrictQuota.objects.filter(campaign=campaign)}
    progress = {}
    for school in campaign_progress(campaign):
        entry = progress.setdefault(school.school.parent_id, dict.fromkeys(STATES, 0))
        entry[school.state] += 1
    shown = districts if districts is not None else Organisation.objects.filter(
        kind=OrgKind.DISTRICT, is_active=True).order_by("path")
    rows = [OverviewRow(district=district,
                        counts=[counts.get((district.pk, code), 0) for code in codes],
                        late=[late.get((district.pk, code), 0) for code in codes],
                        quota=quotas.get(district.pk),
                        progress=progress.get(district.pk, dict.fromkeys(STATES, 0)))
            for district in sorted(shown, key=lambda d: d.path)]
    overview = Overview(campaign=campaign, statuses=statuses, rows=rows, has_district_quotas=bool(quotas),
                        whole_city=districts is None, at=now)
    overview.totals = [sum(row.counts[n] for row in rows) for n in range(len(codes))]
    overview.late_totals = [sum(row.late[n] for row in rows) for n in range(len(codes))]
    return overview


def _by_district_status(rows) -> dict:
    return {(row["district"].pk if row["district"] else None, row["status"]): row["count"] for row in rows}
