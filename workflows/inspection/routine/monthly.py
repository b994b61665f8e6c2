"""The 督导室's table of visits per school and month (a year at a time), with each zone's counts and
the schools not visited in the chosen month: one read for the page, its Excel export and the API,
in three queries however many zones and schools (the zones' schools, the visit counts, the last
visits)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from workflows.inspection.routine.models import Visit, ZoneSchool
from workflows.web.exports.workbook import Table

MONTHS = range(1, 13)


@dataclass
class SchoolRow:
    school: object
    counts: list[int]  # visits in each month of the year, January first
    last_visit: datetime.date | None

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class ZoneBlock:
    zone: object
    schools: list[SchoolRow] = field(default_factory=list)

    @property
    def counts(self) -> list[int]:
        return [sum(row.counts[m - 1] for row in self.schools) for m in MONTHS]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def visited_in(self, month: int) -> int:
        return sum(1 for row in self.schools if row.counts[month - 1])


@dataclass
class MonthTable:
    year: int
    month: int  # the month whose unvisited schools are listed
    zones: list[ZoneBlock]

    @property
    def unvisited(self) -> list[tuple[object, SchoolRow]]:
        return [(block.zone, row) for block in self.zones for row in block.schools if not row.counts[self.month - 1]]


def month_table(*, year: int, month: int, zone=None) -> MonthTable:
    """Every zone's schools (or only `zone`'s) with their visits in each month of `year`."""
    members = ZoneSchool.objects.filter(**({"zone": zone} if zone is not None else {})).select_related("zone__inspector", "school__parent").order_by("zone__name", "zone_id",
                                                                                               "school__path")
    counts = {}
    schools = members.values("school_id")
    visits = (Visit.objects.filter(visited_on__year=year, school_id__in=schools).annotate(month=ExtractMonth("visited_on"))
              .values("school_id", "month").annotate(n=Count("pk")))
    for row in visits:
        counts[(row["school_id"], row["month"])] = row["n"]
    last = dict(Visit.objects.filter(school_id__in=schools).values("school_id").annotate(last=Max("visited_on"))
                .values_list("school_id", "last"))
    blocks: dict[int, ZoneBlock] = {}
    for member in members:
        block = blocks.setdefault(member.zone_id, ZoneBlock(zone=member.zone))
        block.schools.append(SchoolRow(school=member.school, last_visit=last.get(member.school_id),
                                       counts=[counts.get((member.school_id, m), 0) for m in MONTHS]))
    return MonthTable(year=year, month=month, zones=list(blocks.values()))


def month_headers() -> list[str]:
    return [_("%(m)s月") % {"m": m} for m in MONTHS]


def excel_tables(table: MonthTable) -> list[Table]:
    """The table as the export writes it: every school's months, each zone's counts, and the
    schools not visited in the chosen month."""
    by_school = Table(title=_("%(year)s年各校督导次数") % {"year": table.year},
                      headers=[_("责任区"), _("责任督学"), _("学校"), *month_headers(), _("合计"), _("最近督导")])
    by_zone = Table(title=_("各责任区汇总"),
                    headers=[_("责任区"), _("责任督学"), _("学校数"),
                             _("%(m)s月已督导学校") % {"m": table.month}, *month_headers(), _("合计")])
    for block in table.zones:
        inspector = block.zone.inspector.full_name or block.zone.inspector.username
        for row in block.schools:
            by_school.rows.append([block.zone.name, inspector, row.school.name, *row.counts, row.total,
                                   row.last_visit.isoformat() if row.last_visit else ""])
        by_zone.rows.append([block.zone.name, inspector, len(block.schools), block.visited_in(table.month),
                             *block.counts, block.total])
    missing = Table(title=_("%(m)s月未督导学校") % {"m": table.month}, headers=[_("责任区"), _("责任督学"), _("学校")])
    for zone, row in table.unvisited:
        missing.rows.append([zone.name, zone.inspector.full_name or zone.inspector.username, row.school.name])
    return [by_school, by_zone, missing]
