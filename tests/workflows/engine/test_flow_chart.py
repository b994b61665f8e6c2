"""The sample flow reads as routing: its chart draws the returns, and the checks find nothing."""

import re

from viewflow import this
from viewflow.workflow.chart import calc_layout_data, grid_to_svg

from core.orgs.roles import Role
from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.models import SampleApplication
from workflows.engine.assignment import ITEM_DISTRICT, RoleAt
from workflows.engine.checks import flow_errors
from workflows.engine.flows import BaseFlow
from workflows.engine.locking import nowait_lock
from workflows.engine.nodes import Finish, Step, Submit


def edges(flow_class):
    return {(node.name, edge.dst.name, edge.edge_class) for node in flow_class.instance.nodes() for edge in node._outgoing()}


def test_declared_returns_are_edges_of_the_graph():
    graph = edges(ApplicationFlow)
    assert ("city_review", "district_review", "return") in graph
    assert ("city_review", "revise", "return") in graph
    assert ("district_review", "revise", "return") in graph
    assert ("district_review", "city_review", "return") not in graph
    # Resubmission leads back to whichever step returned.
    assert {(src, dst) for src, dst, kind in graph if kind == "resubmit"} == {
        ("revise", "district_review"), ("revise", "city_review")
    }


def test_chart_draws_the_return_and_reject_edges():
    svg = grid_to_svg(calc_layout_data(ApplicationFlow))
    labels = re.findall(r'class="edge-label"[^>]*>([^<]+)<', svg)
    assert labels.count("退回") == 3 and labels.count("驳回") == 2 and labels.count("重新提交") == 2
    assert "区县审核" in svg and "市局审核" in svg


def test_the_sample_flow_uses_the_nowait_lock_and_passes_the_checks():
    assert ApplicationFlow.lock_impl is nowait_lock
    assert flow_errors(ApplicationFlow) == []


def test_the_system_check_passes():
    from workflows.engine.checks import check_flows

    assert check_flows(None) == []


def test_a_status_the_kind_does_not_have_is_reported():
    class BrokenFlow(BaseFlow):
        item_model = SampleApplication
        start = Submit(RoleAt(Role.SCHOOL_HEAD, "item_org")).Next(this.review)
        review = (
            Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status="district_review")
            .Approve(this.done)
            .Reject(this.review)
        )
        done = Finish(status="rejected")

    errors = flow_errors(BrokenFlow)
    assert any("Reject() must lead to a Finish" in e for e in errors)

    class UnknownStatusFlow(BaseFlow):
        item_model = SampleApplication
        start = Submit(RoleAt(Role.SCHOOL_HEAD, "item_org")).Next(this.review)
        review = Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status="nowhere").Approve(this.done)
        done = Finish(status="approved")
        withdrawn_status = "gone"

    assert flow_errors(UnknownStatusFlow) == [
        "UnknownStatusFlow: status 'nowhere' (review) is not a status of SampleApplication",
        "UnknownStatusFlow: status 'gone' (withdrawn_status) is not a status of SampleApplication",
    ]
