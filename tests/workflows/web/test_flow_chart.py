"""The 流程图 and the 流程进度 bar: in every flow of the project no label overlaps another label,
a step's box or a line (by the layout's own measure: the browser test measures the drawn page),
and an item's chart marks the way it went and its open step; the bar says who did what and who
acts next."""

import re

import pytest

from tests.sampleapp import accredited, copied, flows, honours, panels, plans, recommendation, scoring, visits
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from workflows.engine import services
from workflows.engine.flows import BaseFlow
from workflows.web.chart import flow_chart
from workflows.web.chart_layout import FONT, layout, text_width
from workflows.web.detail import item_page

MODULES = (accredited, copied, flows, honours, panels, plans, recommendation, scoring, visits)


def all_flows():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    assert MODULES  # imported for their flows
    return sorted({flow for flow in subclasses(BaseFlow) if flow.__module__.startswith("tests.sampleapp")},
                  key=lambda flow: flow.__name__)


def label_boxes(drawing):
    """(x0, y0, x1, y1) of each line label, as the font draws it (ascent 1.16 em, descent 0.29)."""
    boxes = []
    for line in drawing.lines:
        if not line.label:
            continue
        width = text_width(line.label)
        x, y = line.label_at
        x0 = x - width / 2 if line.label_anchor == "middle" else x
        boxes.append((line.label, (x0, y - 1.16 * FONT, x0 + width, y + 0.29 * FONT)))
    return boxes


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crosses(segment, box) -> bool:
    (x0, y0), (x1, y1) = segment
    return overlaps((min(x0, x1) - 0.5, min(y0, y1) - 0.5, max(x0, x1) + 0.5, max(y0, y1) + 0.5), box)


@pytest.mark.parametrize("flow_class", all_flows(), ids=lambda flow: flow.__name__)
def test_no_label_is_drawn_over_another_a_step_or_a_line(flow_class):
    drawing = layout(flow_class)
    labels = label_boxes(drawing)
    steps = [(box.x, box.y, box.x + box.width, box.y + box.height) for box in drawing.boxes.values()]
    segments = [segment for line in drawing.lines for segment in zip(line.points, line.points[1:])]
    for i, (text, box) in enumerate(labels):
        assert not any(overlaps(box, other) for _, other in labels[i + 1:]), text
        assert not any(overlaps(box, step) for step in steps), text
        assert not any(crosses(segment, box) for segment in segments), text
        assert 0 <= box[0] and box[2] <= drawing.width and 0 <= box[1] and box[3] <= drawing.height, text
    assert len(labels) == sum(1 for line in drawing.lines if line.label)


def test_every_return_rejection_and_resubmission_is_labelled_once_each():
    svg = flow_chart(flows.ApplicationFlow)
    labels = re.findall(r'class="edge-label[^"]*"[^>]*>([^<]+)<', svg)
    assert sorted(labels) == sorted(["退回"] * 3 + ["驳回"] * 2 + ["重新提交"] * 2 + ["通过"] * 2 + ["逾期"])
    for title in ("学校提交", "区县审核", "市局审核", "修改后重新提交", "通过", "驳回", "逾期未重新提交"):
        assert f">{title}</text>" in svg, title
    assert "style" not in svg


def taken_lines(svg) -> set[tuple[str, str]]:
    return set(re.findall(r'class="line [a-z_]+ taken"[^>]*data-from="(\w+)" data-to="(\w+)"', svg))


def drawn(item, reader):
    page = item_page(reload(item), reader)
    return page, str(page.chart)


def node_class(svg, name) -> str:
    return re.search(rf'<g id="{name}" class="([^"]+)"', svg).group(1)


def test_the_chart_marks_the_way_taken_and_the_open_step(city):
    item = submitted_item(city)
    services.claim_task(task=open_task(item), by=city.reviewer)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充材料。")
    services.resubmit_item(task=open_task(item), by=item.submitter, comment="已补充。")
    page, svg = drawn(item, city.reviewer)
    assert taken_lines(svg) == {("start", "district_review"), ("district_review", "revise"),
                                ("revise", "district_review")}
    assert node_class(svg, "district_review") == "node step current"
    assert node_class(svg, "revise") == "node step done"
    assert node_class(svg, "city_review") == "node step"
    steps = [(step.title, step.state, step.outcome) for step in page.progress]
    assert steps == [("学校提交", "done", "提交"), ("区县审核", "returned", "退回"),
                     ("修改后重新提交", "done", "重新提交"), ("区县审核", "current", "办理中"),
                     ("市局审核", "ahead", "未开始"), ("通过", "ahead", "未开始")]
    assert page.progress[1].note == "退回至：修改后重新提交" and page.progress[1].who == str(city.reviewer)
    assert page.progress[3].who.startswith("待")


def test_a_finished_item_shows_the_whole_way_it_went(city):
    item = submitted_item(city)
    services.approve_task(task=open_task(item), by=city.reviewer)
    services.reject_task(task=open_task(item), by=city.city, comment="不符合条件。")
    page, svg = drawn(item, city.head)
    assert taken_lines(svg) == {("start", "district_review"), ("district_review", "city_review"),
                                ("city_review", "rejected")}
    assert node_class(svg, "rejected") == "node end rejected done"
    assert "current" not in svg
    assert [(step.title, step.state) for step in page.progress][-2:] == [("市局审核", "rejected"), ("驳回", "rejected")]
    assert page.progress[-1].outcome == "已办结：已驳回"
