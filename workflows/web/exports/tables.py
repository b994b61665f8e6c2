"""The 统计 page's own tables, as an export writes them (a list's rows are streaming.py's)."""

from django.utils.translation import gettext as _

from workflows.web.exports.workbook import Table
from workflows.web.stats import duration_text, kind_tables, step_times


def stats_tables(user, items=None) -> list[Table]:
    """`items`: the 统计 page's filtered items (its date range and filters), else all in scope."""
    tables = []
    for kind in kind_tables(user, items):
        table = Table(title=kind.label, caption=_("%(kind)s：共 %(total)s 件，逾期 %(overdue)s 件")
                      % {"kind": kind.label, "total": kind.total, "overdue": kind.overdue},
                      headers=[_("区县"), *[label for _code, label in kind.statuses], _("合计"), _("逾期")])
        for row in kind.rows:
            table.rows.append([str(row.district or _("市局及直属")), *row.counts, row.total, row.overdue])
        table.rows.append([_("合计"), *kind.totals, kind.total, kind.overdue])
        tables.append(table)
    times = Table(title=_("各步骤办理用时"), headers=[_("类别"), _("步骤"), _("办理次数"), _("用时中位数")])
    for row in step_times(user, items):
        times.rows.append([str(row["kind_label"]), str(row["step_title"]), row["finished"], duration_text(row["median"])])
    return [*tables, times]
