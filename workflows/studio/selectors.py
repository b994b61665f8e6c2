"""Reading studios for the pages, the API and the export: the studios a reader sees (scoping is the
engine's, workflows.engine.access), each with its term, ratings and members, in a fixed number of
queries however many studios; and one studio's members and member changes."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from workflows.engine.access import scoped_items
from workflows.engine.people import name_of
from workflows.engine.tenure.models import AnnualReport, Tenure
from workflows.studio.models import MemberChange, MemberState, Studio, StudioDetails, StudioMember


@dataclass
class StudioRow:
    item: Studio
    details: StudioDetails | None
    tenure: Tenure | None
    members: list = field(default_factory=list)
    ratings: list = field(default_factory=list)  # (year, district rating label, city rating label, report id)

    @property
    def member_names(self) -> str:
        return "、".join(name_of(member.person) for member in self.members)


def studios(user, *, certified_only: bool = False):
    """The studio items `user` sees, newest first."""
    items = Studio.objects.filter(kind=Studio.KIND, pk__in=scoped_items(user).values("pk"))
    if certified_only:
        items = items.filter(tenures__isnull=False).distinct()
    return items.select_related("organisation", "owner_department").order_by("-pk")


def rows(items) -> list[StudioRow]:
    """Each item with its details, latest tenure, current members and ratings: four queries."""
    items = list(items)
    ids = [item.pk for item in items]
    details = {row.item_id: row for row in StudioDetails.objects.filter(item__in=ids).select_related("host")}
    tenures = {}
    reports = AnnualReport.objects.select_related("studio_extra").order_by("year")
    for tenure in Tenure.objects.filter(item__in=ids).prefetch_related(Prefetch("reports", queryset=reports)) \
            .order_by("pk"):
        tenures[tenure.item_id] = tenure
    members = {}
    for member in StudioMember.objects.filter(studio__in=ids).exclude(state=MemberState.LEFT) \
            .select_related("person", "school").order_by("pk"):
        members.setdefault(member.studio_id, []).append(member)
    found = []
    for item in items:
        tenure = tenures.get(item.pk)
        ratings = []
        if tenure is not None:
            for report in tenure.reports.all():
                extra = getattr(report, "studio_extra", None)
                district = extra.get_district_rating_display() if extra and extra.district_rating else ""
                ratings.append((report.year, district, report.get_rating_display() if report.rating else "", report.pk))
        found.append(StudioRow(item=item, details=details.get(item.pk), tenure=tenure, members=members.get(item.pk, []),
                               ratings=ratings))
    return found


def changes_of(item):
    return MemberChange.objects.filter(studio=item).select_related("person", "requested_by", "school_by",
                                                                   "decided_by")
