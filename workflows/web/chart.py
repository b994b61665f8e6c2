"""The 流程图: every step of the flow and every way between them (workflows/web/chart_layout.py
places them so that nothing is drawn over a label), with the way this item has taken so far
marked, and its open step(s) marked "current".

Drawn by our own template as plain SVG with classes (no style attributes: the page's
Content-Security-Policy, core/csp.py, refuses them); static/css/workflows.css gives the looks."""

from django.template.loader import render_to_string
from viewflow.workflow.models import Task

from workflows.engine.models import OPEN
from workflows.web.chart_layout import layout


STATES = ("current", "done", "canceled")


def _box_name(flow_task) -> str:
    attached = getattr(flow_task, "_attached_to", None)
    return (attached or flow_task).name


def taken(tasks) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """(status class of each step the item reached, the (from, to) steps it went between), from
    the current process's tasks, oldest first; one query for which task led to which."""
    status, by_pk = {}, {}
    for task in tasks:
        try:
            name = _box_name(task.flow_task)
        except AttributeError:  # a node since removed from the flow
            continue
        by_pk[task.pk] = name
        if getattr(task.flow_task, "_attached_to", None) is None:  # not a deadline's timer
            state = "current" if task.status in OPEN else "done" if task.status == "DONE" else "canceled"
            # Several tasks at one step (a panel, a return to it): open wins, then done.
            status[name] = min(status.get(name, state), state, key=STATES.index)
    pairs = Task.previous.through.objects.filter(from_task__in=list(by_pk)).values_list("to_task", "from_task")
    ways = {(by_pk[before], by_pk[after]) for before, after in pairs if before in by_pk and after in by_pk}
    return status, {(src, dst) for src, dst in ways if src != dst}


def flow_chart(flow_class, tasks=()) -> str:
    """The SVG for `flow_class`; `tasks` are the current process's tasks, oldest first."""
    drawing = layout(flow_class)
    status, ways = taken(tasks) if tasks else ({}, set())
    for box in drawing.boxes.values():
        box.status = status.get(box.name, "")
        box.at = _numbers(box.x, box.y, box.width, box.height, box.cx, box.y + box.height / 2)
    for line in drawing.lines:
        line.taken = (line.src, line.dst) in ways
        line.path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(line.points))
        line.label_xy = _numbers(*line.label_at)
    return render_to_string("workflows/_flow_chart.svg",
                            {"chart": drawing, "size": _numbers(drawing.width, drawing.height)})


def _numbers(*values) -> list[str]:
    """SVG coordinates as text, whatever the reader's language formats numbers as."""
    return [f"{value:.1f}" for value in values]
