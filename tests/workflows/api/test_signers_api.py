"""POST /api/v1/tasks/{id}/add-signer/ and /remove-signer/ (a member, in 依次 and 或签) and
/api/v1/sign-steps/{id}/add-signer/, /remove-signer/, /redraw-signer/ (the step's owner): 200 with
the step's members, 400 for bad input (nothing written), 403 in scope but not one's act, 404 out
of scope, 409 closed."""

import pytest

from core.orgs.roles import Role
from tests.sampleapp.flows import ApplicationFlow
from tests.sampleapp.panels import CountersignFlow, QuorumFlow, SequenceFlow
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task
from tests.workflows.engine.multi_helpers import (
    build_panel,
    group_of,
    member_tasks,
    person,
    states,
    submitted,
)
from workflows.engine import services
from workflows.engine.signing.models import Signer


@pytest.fixture
def panel(db):
    return build_panel()


def add(actor, task, **body):
    return client_for(actor).post(f"/api/v1/tasks/{task.pk}/add-signer/", body, format="json")


def remove(actor, task, **body):
    return client_for(actor).post(f"/api/v1/tasks/{task.pk}/remove-signer/", body, format="json")


def step_act(actor, item, act, **body):
    return client_for(actor).post(f"/api/v1/sign-steps/{group_of(item).pk}/{act}-signer/", body, format="json")


def test_add_then_remove_answers_the_members(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    response = add(city.reviewer, task, user=city.city.pk, position="after")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["mode"], data["mode_label"], data["outcome"]) == ("sequence", "依次审批", "")
    assert [(m["user"]["username"], m["state"]) for m in data["members"]] == [
        ("reviewer", "open"), ("city", "waiting"), ("reviewer2", "waiting"), ("reviewer3", "waiting"),
        ("district_head", "waiting")]
    assert data["members"][1]["added_by"] == city.reviewer.pk

    response = remove(city.reviewer, task, user=city.city.pk)
    assert response.status_code == 200, response.json()
    assert [m["state"] for m in response.json()["members"]][1] == "removed"


def test_bad_input_is_a_400_with_the_field_and_writes_nothing(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    countersign = submitted(panel, CountersignFlow)
    before = list(Signer.objects.values_list("pk", "state", "position"))
    cases = [
        (add, {"user": city.reviewer2.pk}, "duplicate"),
        (add, {"user": city.head.pk}, "own_submission"),
        (add, {"user": city.reviewer_b.pk}, "not_eligible"),
        (add, {"user": city.city.pk, "position": "middle"}, "invalid_choice"),
        (add, {}, "required"),
        (remove, {"user": city.reviewer.pk}, "self"),
        (remove, {"user": city.city.pk}, "not_member"),
    ]
    for call, body, code in cases:
        response = call(city.reviewer, task, **body)
        assert response.status_code == 400, (body, response.json())
        assert response.json()["code"] == code, response.json()
    for act, body, code in [("add", {"user": city.reviewer_b.pk}, "not_eligible"), ("add", {}, "required"),
                            ("remove", {"user": city.city.pk}, "not_member"),
                            ("redraw", {"user": city.reviewer2.pk}, "not_drawn")]:
        response = step_act(city.city, countersign, act, **body)
        assert (response.status_code, response.json()["code"]) == (400, code), (act, body, response.json())
    services.approve_task(task=member_tasks(countersign)["reviewer2"], by=city.reviewer2)
    response = step_act(city.city, countersign, "remove", user=city.reviewer2.pk)
    assert (response.status_code, response.json()["code"]) == (400, "already_acted")
    assert response.json()["fields"] == {"user": ["reviewer2已办理，不能减签。"]}
    voted = Signer.objects.get(user=city.reviewer2, group=group_of(countersign)).pk
    assert list(Signer.objects.values_list("pk", "state", "position")) == [
        (pk, "approve" if pk == voted else state, position) for pk, state, position in before]


def test_members_of_a_countersign_or_a_drawn_panel_are_refused_403(panel):
    """The attacks over the API: a 会签 member removes a peer; a panel member adds a colleague."""
    city = panel.city
    countersign = submitted(panel, CountersignFlow)
    response = remove(city.reviewer, member_tasks(countersign)["reviewer"], user=city.reviewer2.pk)
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    assert step_act(city.reviewer, countersign, "remove", user=city.reviewer2.pk).status_code == 403
    quorum = submitted(panel, QuorumFlow)
    first = panel.experts_b[0]
    colleague = person("expert_b3", Role.EXPERT, city.district_b)
    assert add(first, member_tasks(quorum)[first.username], user=colleague.pk).status_code == 403
    assert [state for _, state in states(countersign)] == ["open"] * 3
    assert [state for _, state in states(quorum)] == ["open"] * 3


def test_the_owner_adds_removes_and_redraws(panel):
    city = panel.city
    countersign = submitted(panel, CountersignFlow)
    response = step_act(city.city, countersign, "remove", user=panel.reviewer3.pk)
    assert response.status_code == 200, response.json()
    assert [m["state"] for m in response.json()["members"]] == ["open", "open", "removed"]
    response = step_act(city.city_head, countersign, "add", user=panel.reviewer3.pk)
    assert response.status_code == 200, response.json()
    assert response.json()["members"][-1]["added_by"] == city.city_head.pk
    pool = {user.username: user for user in [*panel.experts_b, person("expert_b3", Role.EXPERT, city.district_b)]}
    quorum = submitted(panel, QuorumFlow)  # 3 of the 4 experts outside district A
    before = {name for name, _ in states(quorum)}
    response = step_act(city.city, quorum, "add", user=panel.expert_a.pk)
    assert (response.status_code, response.json()["code"]) == (400, "drawn_panel")
    replaced = sorted(before)[0]
    response = step_act(city.city, quorum, "redraw", user=pool[replaced].pk)
    assert response.status_code == 200, response.json()
    drawn = {m["user"]["username"] for m in response.json()["members"] if m["state"] == "open"}
    assert drawn == set(pool) - {replaced}  # the one left in the pool took the replaced one's place


def test_not_a_multi_person_step_is_a_400(panel):
    city = panel.city
    item = submitted(panel, ApplicationFlow)
    response = add(city.reviewer, open_task(item), user=city.reviewer2.pk)
    assert (response.status_code, response.json()["code"]) == (400, "not_multi_step")


def test_permissions_another_member_403_outsider_404_closed_409(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    task = member_tasks(item)["reviewer"]
    # Another member of the step sees the item but this is not their task.
    assert add(city.reviewer2, task, user=city.city.pk).status_code == 403
    assert remove(city.reviewer2, task, user=panel.reviewer3.pk).status_code == 403
    # The submitter sees the item, and is not the handler.
    assert add(city.head, task, user=city.city.pk).status_code == 403
    # Out of scope: another district's reviewer, another school's head.
    for outsider in (city.reviewer_b, city.head_b):
        assert add(outsider, task, user=city.city.pk).status_code == 404
        assert remove(outsider, task, user=panel.reviewer3.pk).status_code == 404
    assert add(city.reviewer, type(task)(pk=10**9), user=city.city.pk).status_code == 404
    assert client_for(None).post(f"/api/v1/tasks/{task.pk}/add-signer/", {"user": 1}, format="json").status_code == 401
    services.approve_task(task=task, by=city.reviewer)
    response = add(city.reviewer, task, user=city.city.pk)
    assert (response.status_code, response.json()["code"]) == (409, "task_closed")
    assert [state for _, state in states(item)] == ["approve", "open", "open"]


def test_the_decision_endpoints_work_on_member_tasks(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    tasks = member_tasks(item)
    response = client_for(city.reviewer).post(f"/api/v1/tasks/{tasks['reviewer'].pk}/approve/", {"comment": "同意"},
                                              format="json")
    assert response.status_code == 200
    assert response.json()["item"]["status"] == "district_review"
    response = client_for(city.reviewer2).post(f"/api/v1/tasks/{tasks['reviewer2'].pk}/reject/",
                                               {"comment": "不同意"}, format="json")
    assert response.json()["item"]["status"] == "rejected"
