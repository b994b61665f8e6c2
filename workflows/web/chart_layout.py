"""Where the 流程图 draws each step, line and label, so that no two labels overlap and no line
crosses a label (workflows/web/chart.py turns this into SVG).

The steps stand in one column, the usual way through the flow (submission, each approval, the
first end) first and the other steps after it. A line between two steps next to each other runs
straight down the middle, its label beside it in the gap. Every other line (a return, a
rejection, a skip) gets a lane of its own beside the column: forward lines on the right, lines
back up on the left. It leaves its step at a height of its own, runs out to its lane, along it
and back in to its target at another height of its own; its label sits just above where it
leaves, between its lane and the next lane in, where no other line runs upright, and no other
line runs across there within a label's height, since every step's heights are a label's
height apart. So the drawing is readable by construction, whatever the flow.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from viewflow.workflow import nodes as viewflow_nodes

from workflows.engine.nodes import Finish, Step

FONT = 13  # px of the labels; static/css/workflows.css draws them in this size
SLOT = 28  # px between the heights where lines meet one side of a step: more than a label's height
GAP = 40  # px between two steps, where the line between them and its label go
PAD = 10  # px around a label
MIN_WIDTH = 128  # px of a step's box


def text_width(text: str) -> float:
    """A safe guess of `text`'s width at FONT: a CJK character is one em, anything else ~0.6."""
    return sum(FONT if ord(ch) > 0x2E7F else FONT * 0.62 for ch in text)


@dataclass
class Box:
    name: str
    title: str
    kind: str  # "start", "step", "end" or "end rejected"
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0

    @property
    def cx(self) -> float:
        return self.x + self.width / 2


@dataclass
class Line:
    src: str
    dst: str
    kind: str  # the engine's edge class: next, return, reject, resubmit, timeout, cond_true…
    label: str
    points: list[tuple[float, float]] = field(default_factory=list)
    label_at: tuple[float, float] = (0, 0)  # the label's left end, on its baseline
    label_anchor: str = "start"
    side: int = 0  # 0 down the middle, 1 right, -1 left
    lane: int = 0


@dataclass
class Layout:
    boxes: dict[str, Box]
    lines: list[Line]
    width: float
    height: float


def _label(node, edge) -> str:
    if edge.label:
        return str(edge.label)
    if isinstance(node, Step) and edge.edge_class == "next":
        return str(_("通过"))
    return ""


def _kind(node) -> str:
    if isinstance(node, viewflow_nodes.Start | viewflow_nodes.StartHandle):
        return "start"
    if isinstance(node, Finish | viewflow_nodes.End):
        return "end rejected" if getattr(node, "item_status", "") == "rejected" else "end"
    return "step"


def graph(flow_class) -> tuple[dict[str, Box], list[Line]]:
    """The flow's steps and lines; a deadline's timeout (a boundary event) is drawn as a line from
    the step it is attached to, labelled with its title."""
    boxes, lines = {}, []
    for node in flow_class.instance.nodes():
        attached = getattr(node, "_attached_to", None)
        if attached is None:
            boxes[node.name] = Box(node.name, str(node.task_title or node.name), _kind(node))
        for edge in node._outgoing():
            if attached is not None:
                lines.append(Line(attached.name, edge.dst.name, "timeout", str(node.task_title or _("逾期"))))
            else:
                lines.append(Line(node.name, edge.dst.name, edge.edge_class, _label(node, edge)))
    return boxes, lines


def order(boxes: dict[str, Box], lines: list[Line]) -> list[str]:
    """The usual way first (from the start, each step's first line), then the rest in an order
    where a line goes down unless it goes back to where it came from; ends come last."""
    outgoing = {name: [line.dst for line in lines if line.src == name] for name in boxes}
    start = next((name for name, box in boxes.items() if box.kind == "start"), next(iter(boxes)))
    path, name = [], start
    while name is not None and name not in path:
        path.append(name)
        name = outgoing[name][0] if outgoing[name] else None
    # Discovery order from the start, for the rest
    seen, stack = [], [start]
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.append(name)
            stack.extend(reversed(outgoing[name]))
    seen += [name for name in boxes if name not in seen]
    rest = [name for name in seen if name not in path]
    rest.sort(key=lambda name: boxes[name].kind.startswith("end"))
    return path + rest


def _route(line: Line, src: Box, dst: Box, lane_x: float, y_out: float, y_in: float) -> None:
    edge_out = src.x + src.width if line.side > 0 else src.x
    edge_in = dst.x + dst.width if line.side > 0 else dst.x
    line.points = [(edge_out, y_out), (lane_x, y_out), (lane_x, y_in), (edge_in, y_in)]


def layout(flow_class) -> Layout:
    boxes, lines = graph(flow_class)
    names = order(boxes, lines)
    rank = {name: i for i, name in enumerate(names)}
    middle = set()
    for line in lines:
        if rank[line.dst] == rank[line.src] + 1 and (line.src, line.dst) not in middle:
            middle.add((line.src, line.dst))
            line.side = 0
        else:
            line.side = 1 if rank[line.dst] > rank[line.src] else -1
    sides = {side: sorted((line for line in lines if line.side == side),
                          key=lambda line: (abs(rank[line.dst] - rank[line.src]), rank[line.src]))
             for side in (1, -1)}
    # Heights on each side of each step where lines meet it, one SLOT apart, outer lanes higher.
    meets = {(name, side): [] for name in names for side in (1, -1)}
    for side, side_lines in sides.items():
        for lane, line in enumerate(side_lines):
            line.lane = lane
        for line in reversed(side_lines):
            meets[(line.src, side)].append((line, "out"))
            meets[(line.dst, side)].append((line, "in"))
    middle_labels = [text_width(line.label) for line in lines if line.side == 0]
    width = max([MIN_WIDTH, *(text_width(box.title) + 2 * PAD + 16 for box in boxes.values()),
                 *(2 * (w + 2 * PAD) for w in middle_labels)])
    lanes = {side: [] for side in (1, -1)}
    for side, side_lines in sides.items():
        offset = 0
        for line in side_lines:
            offset += text_width(line.label) + 2 * PAD
            lanes[side].append(offset)
    left = (lanes[-1][-1] if lanes[-1] else 0) + PAD
    y = PAD
    for name in names:
        box = boxes[name]
        slots = max(len(meets[(name, 1)]), len(meets[(name, -1)]))
        box.x, box.y, box.width = left, y, width
        box.height = max(44, SLOT * (slots + 1))
        y += box.height + GAP
    heights = {}
    for (name, side), meetings in meets.items():
        for i, (line, end) in enumerate(meetings):
            heights[(id(line), end)] = boxes[name].y + SLOT * (i + 1)
    for line in lines:
        src, dst = boxes[line.src], boxes[line.dst]
        if line.side == 0:
            line.points = [(src.cx, src.y + src.height), (dst.cx, dst.y)]
            line.label_at = (src.cx + PAD / 2, src.y + src.height + GAP / 2 + FONT / 2 - 1)
            continue
        edge = src.x + src.width if line.side > 0 else src.x
        lane_x = edge + line.side * lanes[line.side][line.lane]
        inner = edge + line.side * (lanes[line.side][line.lane - 1] if line.lane else 0)
        y_out = heights[(id(line), "out")]
        _route(line, src, dst, lane_x, y_out, heights[(id(line), "in")])
        line.label_at = ((inner + lane_x) / 2, y_out - 7)
        line.label_anchor = "middle"
    right = left + width + (lanes[1][-1] if lanes[1] else 0) + PAD
    return Layout(boxes=boxes, lines=lines, width=right, height=y - GAP + PAD)
