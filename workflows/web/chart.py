"""The 流程图: viewflow's own chart of the flow, with the steps of the item's current process
coloured by what happened there and the open step(s) marked "current"."""

import re

from django.utils.safestring import mark_safe
from viewflow.workflow.chart import calc_layout_data, grid_to_svg

from workflows.engine.models import OPEN

# viewflow writes its chart's looks into the SVG: a <style> element and style attributes, which the
# page's Content-Security-Policy (core/csp.py) refuses to apply. They are dropped here and the same
# looks come from static/css/workflows.css.
INLINE_STYLE = re.compile(r"<style\b.*?</style>|\sstyle=\"[^\"]*\"", re.DOTALL)


def flow_chart(flow_class, tasks=()) -> str:
    """The SVG for `flow_class`; `tasks` are the current process's tasks, oldest first.

    viewflow draws a cell's status as its CSS class, so an open task's node gets its status plus
    "current", which templates/workflows/item.html outlines."""
    grid = calc_layout_data(flow_class)
    for cell in grid.cells:
        if cell.title and not cell.shape.text and getattr(cell.node, "_attached_to", None) is None:
            # viewflow writes a start or end event's title only as a hover tooltip; say it below
            # the circle too, so that a reader sees which end is 通过 and which 驳回.
            cell.shape.text.append((cell.title, "align-middle event-label", 12, cell.shape.width // 2,
                                    cell.shape.height + 14))
    for task in tasks:
        try:
            cell = grid[task.flow_task]
        except KeyError:  # a node since removed from the flow
            continue
        cell.status = f"{task.status} current" if task.status in OPEN else task.status
    return mark_safe(INLINE_STYLE.sub("", grid_to_svg(grid)))  # noqa: S308 - viewflow's template escapes the titles
