"""Tasks go to a role at an organisation found from the item, form a queue there, and never fall
to the submitter: those go one level up."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from core.orgs.models import Participation
from core.orgs.roles import Role
from core.orgs.scoping import can_see
from core.orgs.services import grant_role
from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from workflows.engine import services
from workflows.engine.assignment import (
    ITEM_DISTRICT,
    SUBMITTER,
    Person,
    RoleAt,
    resolve,
)
from workflows.engine.reading import selectors


def queue_names(user):
    return [entry.task.pk for entry in selectors.queue(user)]


def test_unclaimed_task_is_in_the_queue_of_every_holder_there(city):
    item = submitted_item(city)
    task = open_task(item)
    assert task.owner_id is None
    assert queue_names(city.reviewer) == [task.pk]
    assert queue_names(city.reviewer2) == [task.pk]
    assert queue_names(city.reviewer_b) == []
    assert queue_names(city.city) == []
    assert queue_names(city.head) == []


def test_claim_moves_it_from_the_queue_to_my_tasks_and_unclaim_back(city):
    item = submitted_item(city)
    task = open_task(item)
    services.claim_task(task=task, by=city.reviewer)
    assert [e.task.pk for e in selectors.my_tasks(city.reviewer)] == [task.pk]
    assert selectors.my_tasks(city.reviewer)[0].claimed
    assert queue_names(city.reviewer2) == []
    assert Participation.objects.filter(user=city.reviewer, reason="assignee", object_id=item.pk).exists()

    services.unclaim_task(task=task, by=city.reviewer)
    assert selectors.my_tasks(city.reviewer) == []
    assert queue_names(city.reviewer2) == [task.pk]


def test_acting_on_a_queued_task_claims_it(city):
    item = submitted_item(city)
    task = open_task(item)
    services.approve_task(task=task, by=city.reviewer2)
    task.refresh_from_db()
    assert task.owner_id == city.reviewer2.pk and task.status == "DONE"
    assert Participation.objects.filter(user=city.reviewer2, reason="assignee", object_id=item.pk).exists()


def test_a_step_that_would_fall_to_the_submitter_goes_one_level_up(city):
    # The school head also reviews for the district: the district review goes to the city.
    grant_role(user=city.head, role=Role.DISTRICT_REVIEWER, organisation=city.district_a)
    item = submitted_item(city)
    task = open_task(item)
    assert (task.owner_permission, task.owner_permission_obj_pk) == ("city_reviewer", str(city.department.pk))
    assert queue_names(city.head) == []
    assert queue_names(city.reviewer) == []
    services.approve_task(task=task, by=city.city)


def test_going_up_repeats_while_the_submitter_holds_the_role(city):
    grant_role(user=city.head, role=Role.DISTRICT_REVIEWER, organisation=city.district_a)
    grant_role(user=city.head, role=Role.CITY_REVIEWER, organisation=city.department)
    item = submitted_item(city)
    task = open_task(item)
    assert (task.owner_permission, task.owner_permission_obj_pk) == ("city_head", str(city.department.pk))


def test_no_level_above_is_a_clear_error(city):
    grant_role(user=city.head, role=Role.CITY_HEAD, organisation=city.department)
    item = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head, title="x")
    step = RoleAt(Role.CITY_HEAD, "owning_department")
    with pytest.raises(ValidationError, match="申报人不能审批自己的申报"):
        resolve(step, item)


def test_named_person_and_submitter_actors(city):
    item = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head, title="x")
    assert resolve(SUBMITTER, item).owner == city.head
    assert resolve(Person(lambda i: city.city_head, "处室负责人"), item).owner == city.city_head
    with pytest.raises(ValidationError):
        resolve(Person(lambda i: i.submitter, "申报人"), item)
    assignment = resolve(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), item)
    assert (assignment.role, assignment.organisation) == (Role.DISTRICT_REVIEWER, city.district_a)
    assert str(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT)) == "申报单位所在区县的区县审核员"


def test_returned_task_is_the_submitters_own(city):
    item = submitted_item(city)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充")
    revise = open_task(reload(item))
    assert revise.owner_id == city.head.pk
    assert [e.task.pk for e in selectors.my_tasks(city.head)] == [revise.pk]


def test_applicant_submits_and_sees_only_through_participation(city):
    item = sample_create(organisation=city.school_a, owner_department=city.department, by=city.teacher, title="教师申报")
    sample_submit(item=item, by=city.teacher)
    assert can_see(city.teacher, item)
    assert Participation.objects.filter(
        user=city.teacher, reason="submitter", content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).exists()
    # The school head sees it through the school's subtree and may not decide on it.
    assert selectors.get_item_for(city.head, item.pk) == item
    assert queue_names(city.reviewer) == [open_task(item).pk]


def test_scope_of_task_and_item_reads(city):
    item = submitted_item(city)
    task = open_task(item)
    assert selectors.get_task_for(city.reviewer, task.pk).item == item
    assert selectors.get_task_for(city.city, task.pk).item == item  # the owning department sees it
    for outsider in (city.reviewer_b, city.head_b):
        with pytest.raises(selectors.NotFound):
            selectors.get_task_for(outsider, task.pk)
        with pytest.raises(selectors.NotFound):
            selectors.get_item_for(outsider, item.pk)
    assert selectors.assignee_label(task) == "和平区的区县审核员"


def test_creating_needs_a_submitting_role_at_the_school(city):
    from workflows.engine.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        sample_create(organisation=city.school_a, owner_department=city.department, by=city.head_b, title="越权")
    with pytest.raises(NotAllowed):
        sample_create(organisation=city.school_a, owner_department=city.department, by=city.reviewer, title="越权")
