"""A studio's application as its people go through it (DOMAIN.md 2): the host applies, the school
returns it once and then endorses it, the district recommends it within its quota, the
department reviews, the experts score, the defence, the decision within the total, 公示, and the
certification with its term, certificate and active members; a second application is rejected
at the district; a 校长工作坊 is endorsed by the district instead of the school."""

import pytest
from viewflow.workflow.models import Task

from core.audit.models import AuditEvent
from core.calendar import install_test_calendar
from core.orgs.roles import Role
from tests.factories import person
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.studio.helpers import (
    at,
    build_studio_town,
    decided_and_noticed,
    endorsed_and_recommended,
    scored_and_defended,
    teacher_studio,
)
from workflows.engine import services as engine
from workflows.engine.certificates.models import Certificate
from workflows.engine.lists.step import act_on_list
from workflows.engine.tenure.models import Tenure, TenureState
from workflows.studio.flows import StudioFlow
from workflows.studio.models import HostHonour, HostTitle, MemberState, Studio, StudioMember
from workflows.studio.services import studio_changes, studio_create, studio_submit

pytestmark = pytest.mark.django_db
S = Studio.Status


@pytest.fixture
def st(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021, 2022, 2023, 2024])
    return build_studio_town()


def test_the_application_from_the_host_to_certification(st, time_machine):
    item = teacher_studio(st)
    assert item.status == S.SCHOOL_ENDORSE and open_task(item).flow_task is StudioFlow.school_endorse
    assert AuditEvent.objects.get(action="stage_skipped", object_id=str(item.pk)).data["step"] == "district_endorse"

    engine.return_task(task=open_task(item), by=st.head, to="revise", comment="三年规划过于笼统，请细化。")
    assert reload(item).status == S.RETURNED
    engine.resubmit_item(task=open_task(item), by=st.teacher, comment="已细化规划。",
                         apply_changes=studio_changes(plan="第一年建章立制，第二年课题研究，第三年成果推广。"))
    assert reload(item).status == S.SCHOOL_ENDORSE
    [item] = endorsed_and_recommended(st, item)
    assert item.status == S.CITY_REVIEW
    [item] = scored_and_defended(st, item)
    assert item.status == S.CITY_DECISION
    [item] = decided_and_noticed(st, item, time_machine=time_machine)
    assert item.status == S.CERTIFIED
    tenure = Tenure.objects.get(item=item)
    assert tenure.state == TenureState.ACTIVE and (tenure.valid_until - tenure.starts_on).days in (1094, 1095)
    assert Certificate.objects.filter(tenure=tenure).exists()
    members = StudioMember.objects.filter(studio=item)
    assert {member.state for member in members} == {MemberState.ACTIVE} and members.count() == 5
    assert all(member.joined_on == tenure.starts_on for member in members)


def test_a_rejection_at_the_district_frees_the_proposed_members(st):
    item = teacher_studio(st)
    engine.approve_task(task=open_task(item), by=st.head)
    assert reload(item).status == S.DISTRICT_RECOMMEND
    engine.reject_task(task=open_task(item), by=st.district_head, comment="本区名额已推荐其他工作室。")
    assert reload(item).status == S.REJECTED
    assert set(StudioMember.objects.filter(studio=item).values_list("state", flat=True)) == {MemberState.LEFT}


def test_a_workshop_is_endorsed_by_the_district_not_the_school(st):
    members = st.members[2:8]  # six schools, 皇姑一校 and 沈河乡村学校 rural
    item = studio_create(organisation=st.school_a, owner_department=st.department, by=st.principal,
                         title="和平一校校长工作坊", campaign=st.workshop, host_title=HostTitle.SENIOR,
                         host_honour=HostHonour.CITY_MASTER, plan="三年内带动农村学校校长成长。", members=members)
    studio_submit(item=item, by=st.principal)
    item = reload(item)
    assert item.status == S.DISTRICT_ENDORSE
    task = open_task(item)
    assert task.flow_task is StudioFlow.district_endorse
    assert AuditEvent.objects.get(action="stage_included", object_id=str(item.pk)).data["step"] == "district_endorse"
    engine.approve_task(task=task, by=st.reviewer, comment="同意推荐。")
    assert reload(item).status == S.DISTRICT_RECOMMEND


def test_the_district_recommends_within_its_quota(st):
    st.teachers.district_quotas.filter(district=st.district_a).update(quota=1)
    first = teacher_studio(st)
    second = teacher_studio(st, host=person("teacher2", Role.APPLICANT, st.school_a), members=st.members[3:8],
                            title="和平一校数学工作室")
    for item in (first, second):
        engine.approve_task(task=open_task(item), by=st.head)
    waiting = [reload(first), reload(second)]
    assert [item.status for item in waiting] == [S.DISTRICT_RECOMMEND] * 2
    from django.core.exceptions import ValidationError

    from workflows.engine.exceptions import WorkflowError
    with pytest.raises((ValidationError, WorkflowError)) as refused:
        act_on_list(step=StudioFlow.district_recommend, items=waiting, by=st.district_head)
    assert "名额" in str(refused.value)
    assert [reload(item).status for item in waiting] == [S.DISTRICT_RECOMMEND] * 2  # nothing moved
    act_on_list(step=StudioFlow.district_recommend, items=[first], by=st.district_head)
    assert reload(first).status == S.CITY_REVIEW
    assert Task.objects.filter(process__artifact_object_id=second.pk, status="NEW").exists()
