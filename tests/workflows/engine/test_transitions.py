"""A kind's status changes come from its flows: the sample kinds declare none by hand."""

import pytest
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp import accredited, accredited_honours, copied, honours, panels, plans, recommendation  # noqa: F401  every sample flow declares
from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.models import SampleApplication, SampleCase, SampleHonour, SamplePlan
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, RoleAt
from workflows.engine.exceptions import InvalidState
from workflows.engine.flows import BaseFlow
from workflows.engine.nodes import Finish, Step, Submit
from workflows.engine.transitions import find_transition, flow_changes, move_status


def table(model) -> set[tuple[str, str]]:
    return {(str(t.source), str(t.target)) for t in model._meta.get_field("status").get_all_transitions(model)}


REVIEWING = ("district_review", "district_recommend", "city_review", "city_decision")


def test_the_sample_kinds_get_the_union_of_their_flows_changes():
    assert table(SampleApplication) == {
        ("draft", "district_review"),
        ("draft", "city_review"),  # AccreditationFlow's renewal may skip the district's review
        ("district_review", "city_review"),
        ("district_review", "district_recommend"),
        ("district_review", "returned"),
        ("district_recommend", "city_review"),
        ("district_recommend", "district_review"),
        ("city_review", "approved"),
        ("city_review", "city_decision"),
        ("city_review", "district_review"),
        ("city_review", "returned"),
        ("city_decision", "approved"),
        ("city_decision", "city_review"),
        ("returned", "district_review"),
        ("returned", "city_review"),
        ("returned", "lapsed"),
        ("withdrawn", "draft"),
        *((source, "rejected") for source in REVIEWING),
        *((source, "withdrawn") for source in REVIEWING),
    }
    # Fan-out: a child flow and its parent cannot be withdrawn, so neither can be reopened.
    assert table(SampleCase) == {
        ("draft", "filing"),
        ("filing", "checking"),
        ("checking", "returned"),
        ("returned", "checking"),
        ("checking", "done"),
    }
    assert table(SamplePlan) == {("draft", "in_progress"), ("in_progress", "completed")}
    # 公示: the notice passes an item on, or an upheld objection sends it back to the decision; the
    # whole path (accredited_honours) scores between the district and the decision, and its renewal
    # may skip the district's review.
    assert table(SampleHonour) == {
        ("draft", "district_review"),
        ("draft", "expert_review"),
        ("district_review", "city_decision"),
        ("district_review", "expert_review"),
        ("expert_review", "city_decision"),
        ("district_review", "returned"),
        ("returned", "district_review"),
        ("city_decision", "notice"),
        ("notice", "approved"),
        ("notice", "city_decision"),
        ("withdrawn", "draft"),
        *((source, "rejected") for source in ("district_review", "expert_review", "city_decision")),
        *((source, "withdrawn") for source in ("district_review", "expert_review", "city_decision", "notice")),
    }


def test_one_flow_gives_its_edges_withdrawal_reopening_and_timeouts():
    changes = flow_changes(ApplicationFlow)
    assert ("draft", "district_review") in changes  # submit
    assert ("city_review", "district_review") in changes  # a return to an earlier step
    assert ("returned", "city_review") in changes  # resubmission to whoever returned it
    assert ("returned", "lapsed") in changes  # the revision step's timeout
    assert {("district_review", "withdrawn"), ("city_review", "withdrawn"), ("withdrawn", "draft")} <= changes
    assert ("returned", "withdrawn") not in changes  # the submitter's own step is not withdrawn from
    assert ("district_recommend", "city_review") not in changes  # RecommendationFlow's, not this one's


def test_each_target_is_one_fsm_method_and_an_undeclared_change_is_refused():
    assert find_transition(SampleApplication, "returned", "district_review").name == "to_district_review"
    assert find_transition(SampleApplication, "draft", "approved") is None
    item = SampleApplication(kind=SampleApplication.KIND)
    assert move_status(item, "district_review") == "draft"
    assert item.status == "district_review"
    with pytest.raises(InvalidState):
        move_status(item, "draft")
    assert item.status == "district_review"


def test_a_flow_outside_the_installed_apps_declares_nothing():
    before = table(SampleApplication)

    class ShortcutFlow(BaseFlow):
        item_model = SampleApplication
        start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG)).Next(this.review)
        review = Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status="district_review").Approve(this.done)
        done = Finish(status="lapsed")

    assert ("district_review", "lapsed") in flow_changes(ShortcutFlow)
    assert table(SampleApplication) == before
