"""The tables an export writes: a list's rows (through its page's spec, in chunks so a page's
fixed queries stay per chunk), or the 统计 page's own tables."""

from django.utils.translation import gettext as _

from workflows.web.exports.columns import COLUMNS, TITLES
from workflows.web.exports.workbook import Table
from workflows.web.stats import duration_text, kind_tables, step_times

CHUNK = 500


def list_table(spec, name: str, ordered, user, progress=None) -> Table:
    """`ordered`: the list's filtered, sorted queryset. `progress(done)` after each chunk."""
    columns = COLUMNS[name]
    table = Table(title=str(TITLES[name]), headers=[str(header) for header, _cell in columns])
    total = ordered.count()
    for start in range(0, total, CHUNK):
        for row in spec.build_rows(ordered[start:start + CHUNK], user):
            table.rows.append([cell(row) for _header, cell in columns])
        if progress is not None:
            progress(min(start + CHUNK, total))
    return table


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
