"""Who changes a multi-person step's members (issue #11 defect 2) and its minimum size (issue #10
requirement 8): the attacks a member could make, the owner's acts, the draws from a seeded
source (tests/sampleapp/panels.DRAWS), and a step that lacks members refused with an incident."""

import pytest
from django.core.exceptions import ValidationError
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.incidents.models import Incident
from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from tests.sampleapp.panels import DRAWS, CountersignFlow, QuorumFlow, SequenceFlow
from tests.workflows.engine.conftest import new_item, reload
from tests.workflows.engine.multi_helpers import (
    build_panel,
    group_of,
    member_tasks,
    person,
    states,
    submitted,
)
from workflows.engine import services
from workflows.engine.exceptions import NotAllowed
from workflows.engine.signing.members import holders_outside_district
from workflows.engine.signing.models import Signer, SignGroup
from workflows.engine.signing.step import TOO_FEW_INCIDENT


@pytest.fixture
def panel(db):
    return build_panel()


def unchanged(call, status):
    """`call` is refused with `status` and writes no member row."""
    before = list(Signer.objects.order_by("pk").values_list("pk", "user_id", "position", "state"))
    with pytest.raises(Exception) as caught:
        call()
    assert getattr(caught.value, "status_code", 400 if isinstance(caught.value, ValidationError) else None) == status
    assert list(Signer.objects.order_by("pk").values_list("pk", "user_id", "position", "state")) == before
    return caught.value


def code(error) -> str:
    return next(e.code for errors in error.error_dict.values() for e in errors)


# --- Attacks by a member -------------------------------------------------------------------------


def test_a_countersign_member_cannot_remove_a_peer_and_approve_alone(panel):
    """The issue's attack: two district reviewers in 会签, one removes the other."""
    city = panel.city
    item = submitted(panel, CountersignFlow)
    task = member_tasks(item)["reviewer"]
    unchanged(lambda: services.remove_signer(task=task, by=city.reviewer, user=city.reviewer2), 403)
    unchanged(lambda: services.remove_signer(task=task, by=city.reviewer, user=panel.reviewer3), 403)
    services.approve_task(task=task, by=city.reviewer)
    assert reload(item).status == "district_review"  # the others still have to approve


def test_a_panel_member_cannot_remove_a_drawn_expert_or_add_a_colleague(panel):
    """The issue's other attack: in a drawn panel a member removes a drawn expert and adds a
    colleague of their choice (someone in the pool, so only the rule refuses it)."""
    item = submitted(panel, QuorumFlow)
    first, second, _third = panel.experts_b
    colleague = person("expert_b3", Role.EXPERT, panel.city.district_b)
    task = member_tasks(item)[first.username]
    unchanged(lambda: services.remove_signer(task=task, by=first, user=second), 403)
    unchanged(lambda: services.add_signer(task=task, by=first, user=colleague), 403)
    unchanged(lambda: services.add_signer(task=task, by=first, user=colleague, position="before"), 403)


def test_a_member_cannot_use_the_owners_acts(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    group = group_of(item)
    unchanged(lambda: services.remove_signer_from_step(group=group, by=city.reviewer, user=city.reviewer2), 403)
    unchanged(lambda: services.add_signer_to_step(group=group, by=city.reviewer, user=city.reviewer2), 403)
    unchanged(lambda: services.remove_signer_from_step(group=group, by=city.head, user=city.reviewer2), 403)
    # Out of scope: another district's reviewer does not learn that the step exists.
    unchanged(lambda: services.remove_signer_from_step(group=group, by=city.reviewer_b, user=city.reviewer2), 404)
    unchanged(lambda: services.redraw_signer(group=10**9, by=city.city, user=city.reviewer2), 404)


def test_in_sequence_a_member_withdraws_only_their_own_addition(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    services.add_signer(task=task, by=city.reviewer, user=city.city, position="after")
    unchanged(lambda: services.remove_signer(task=task, by=city.reviewer, user=city.reviewer2), 403)
    services.remove_signer(task=task, by=city.reviewer, user=city.city)
    assert dict(states(item))["city"] == "removed"


# --- The owner's acts ----------------------------------------------------------------------------


def test_the_owner_replaces_a_drawn_expert_by_a_new_draw_under_the_same_rules(panel):
    city = panel.city
    extra = [person("expert_b3", Role.EXPERT, city.district_b), person("expert_b4", Role.EXPERT, city.school_b)]
    DRAWS.seed(11)
    item = submitted(panel, QuorumFlow)
    pool = {user.pk for user in holders_outside_district(Role.EXPERT)(item)}
    assert panel.expert_a.pk not in pool  # 回避: the item's district
    before = {name: state for name, state in states(item)}
    replaced = Signer.objects.filter(group=group_of(item), state="open").select_related("user").order_by("position").first()

    drawn = services.redraw_signer(group=group_of(item), by=city.city_head, user=replaced.user)

    assert drawn.user_id in pool and drawn.user.username not in before
    assert drawn.added_by_id == city.city_head.pk
    assert dict(states(item))[replaced.user.username] == "removed"
    assert Task.objects.get(pk=replaced.task_id).status == STATUS.CANCELED
    assert member_tasks(item)[drawn.user.username].owner_id == drawn.user_id  # it was their turn: task now
    # Drawing again takes the last one left; then nobody is left, the removed never come back.
    others = [s for s in Signer.objects.filter(group=group_of(item), state="open") if s.pk != drawn.pk]
    services.redraw_signer(group=group_of(item), by=city.city, user=others[0].user)
    error = unchanged(lambda: services.redraw_signer(group=group_of(item), by=city.city, user=others[1].user), 400)
    assert code(error) == "pool_exhausted"
    members = {user for user, state in states(item) if state != "removed"}
    everyone = {user.username for user in [*panel.experts_b, *extra]}
    assert members == everyone - {replaced.user.username, others[0].user.username}


def test_the_same_seed_draws_the_same_panel(panel):
    for n in range(3):
        person(f"expert_x{n}", Role.EXPERT, panel.city.district_b)
    draws = []
    for _ in range(2):
        DRAWS.seed(3)
        draws.append([name for name, _state in states(submitted(panel, QuorumFlow))])
    assert draws[0] == draws[1] and len(draws[0]) == 3


def test_the_owner_may_not_choose_the_replacement_or_go_below_the_minimum(panel):
    city = panel.city
    item = submitted(panel, QuorumFlow)
    first = panel.experts_b[0]
    # min_size defaults to the draw's count (3): no removal without replacement.
    error = unchanged(lambda: services.remove_signer_from_step(group=group_of(item), by=city.city, user=first), 400)
    assert code(error) == "below_minimum"
    countersign = submitted(panel, CountersignFlow)  # min_size=2 of 3 reviewers
    services.remove_signer_from_step(group=group_of(countersign), by=city.city, user=panel.reviewer3)
    error = unchanged(lambda: services.remove_signer_from_step(group=group_of(countersign), by=city.city,
                                                                user=city.reviewer2), 400)
    assert code(error) == "below_minimum"
    error = unchanged(lambda: services.redraw_signer(group=group_of(countersign), by=city.city, user=city.reviewer2),
                      400)
    assert code(error) == "not_drawn"


def test_the_owner_removing_whose_turn_it_is_in_sequence_passes_the_turn_on(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    first = member_tasks(item)["reviewer"]
    services.remove_signer_from_step(group=group_of(item), by=city.city, user=city.reviewer)
    assert Task.objects.get(pk=first.pk).status == STATUS.CANCELED
    assert set(member_tasks(item)) == {"reviewer2"}


def test_owner_acts_on_a_decided_step_are_a_conflict(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    services.reject_task(task=member_tasks(item)["reviewer"], by=city.reviewer, comment="不符合条件")
    unchanged(lambda: services.remove_signer_from_step(group=group_of(item), by=city.city, user=city.reviewer2), 409)


# --- Minimum size --------------------------------------------------------------------------------


def test_a_drawn_panel_short_of_experts_is_not_opened_and_an_incident_names_the_step(panel):
    """Drawn(count=3) with two eligible experts: refused (it used to open with fewer members)."""
    RoleGrant.objects.filter(user=panel.experts_b[2]).delete()
    item = new_item(panel.city)
    for attempt in (1, 2):
        with pytest.raises(ValidationError) as refused:
            services.submit_item(item=item, by=item.submitter, flow_class=QuorumFlow)
        assert refused.value.code == "too_few_members"
        assert "“外区县评审专家”只有2人可参加，此步骤至少需要3人。" in refused.value.messages
        assert reload(item).status == "draft"
        assert not SignGroup.objects.exists() and not Signer.objects.exists()
        incident = Incident.objects.get(kind=TOO_FEW_INCIDENT)
        assert incident.occurrences == attempt
    assert "专家评审" in incident.title
    assert item.title in incident.detail and "至少需要3人" in incident.detail
    assert (incident.payload["step"], incident.payload["found"], incident.payload["need"]) == ("district_review", 2, 3)


def test_a_resubmission_to_a_step_short_of_members_leaves_the_item_returned(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    services.return_task(task=member_tasks(item)["reviewer"], by=city.reviewer, to="revise", comment="请补充")
    RoleGrant.objects.filter(user__in=[city.reviewer2, panel.reviewer3]).delete()  # one reviewer left, needs 2
    resubmit = member_tasks(item)["head"]
    with pytest.raises(ValidationError) as refused:
        services.resubmit_item(task=resubmit, by=city.head)
    assert refused.value.code == "too_few_members"
    assert reload(item).status == "returned"
    assert Task.objects.get(pk=resubmit.pk).status in (STATUS.NEW, STATUS.ASSIGNED)
    assert SignGroup.objects.count() == 1
    assert Incident.objects.get(kind=TOO_FEW_INCIDENT).payload["need"] == 2


def test_a_step_definition_below_its_own_rules_is_refused():
    from workflows.engine.signing.members import Drawn
    from workflows.engine.signing.models import SignMode
    from workflows.engine.signing.step import MultiStep

    drawn = Drawn(holders_outside_district(Role.EXPERT), count=3, label="专家")
    assert MultiStep(drawn, mode=SignMode.ALL, status="x").min_size == 3
    for options in ({"min_size": 4}, {"min_size": 0}):
        with pytest.raises(ValueError):
            MultiStep(drawn, mode=SignMode.ALL, status="x", **options)
    with pytest.raises(ValueError):
        MultiStep(drawn, mode=SignMode.QUORUM, need=3, min_size=2, status="x")


def test_a_refused_member_act_is_a_not_allowed(panel):
    item = submitted(panel, CountersignFlow)
    with pytest.raises(NotAllowed) as refused:
        services.add_signer(task=member_tasks(item)["reviewer"], by=panel.city.reviewer, user=panel.reviewer3)
    assert "只能由主管处室调整" in refused.value.message
