"""成员变更 during the term: the host asks, the school and then the department approve; each step
audited, a refusal needs its reason, the member count stays within the rules."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.calendar import install_test_calendar
from core.orgs.roles import Role
from tests.factories import person
from tests.workflows.studio.helpers import at, build_studio_town, certified, teacher_studio
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.studio import changes
from workflows.studio.models import ChangeState, MemberChange, MemberState, StudioMember

pytestmark = pytest.mark.django_db


def certified_pair(st, time_machine=None):
    """Two certified studios, at school_a (和平区) and school_b (沈河区), five members each."""
    import time_machine as tm

    first = teacher_studio(st)
    second = teacher_studio(st, host=person("host_b", Role.APPLICANT, st.school_b, full_name="王老师"),
                            school=st.school_b, members=st.members[5:8] + [
                                person("b1", Role.APPLICANT, st.school_c1), person("b2", Role.APPLICANT, st.school_d1)],
                            title="王老师数学工作室")
    if time_machine is None:
        with tm.travel(at(2021, 6, 1), tick=False) as traveller:
            return certified(st, first, second, time_machine=traveller)
    return certified(st, first, second, time_machine=time_machine)


@pytest.fixture
def pair(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021])
    st = build_studio_town()
    return st, certified_pair(st, time_machine)


def test_a_member_added_with_the_school_s_and_the_department_s_approval(pair):
    st, (first, _second) = pair
    newcomer = person("newcomer", Role.APPLICANT, st.school_c2, full_name="新教师")
    change = changes.request_change(studio=first, by=st.teacher, action="add", person=newcomer, reason="新调入骨干教师")
    with pytest.raises(NotAllowed):
        changes.approve_change(change=change, by=st.city.city)  # the school first
    change = changes.approve_change(change=change, by=st.head)
    assert change.state == ChangeState.DEPARTMENT
    assert not StudioMember.objects.filter(person=newcomer).exists()
    change = changes.approve_change(change=change, by=st.city.city, note="同意。")
    assert change.state == ChangeState.APPROVED
    assert StudioMember.objects.get(person=newcomer).state == MemberState.ACTIVE
    assert list(AuditEvent.objects.filter(action__startswith="studio_member_change").order_by("seq")
                .values_list("action", flat=True)) == ["studio_member_change_requested", "studio_member_change_endorsed",
                                     "studio_member_change_approved"]


def test_a_removal_below_five_members_is_refused_and_nothing_changes(pair):
    st, (first, _second) = pair
    change = changes.request_change(studio=first, by=st.teacher, action="remove", person=st.members[0], reason="调离")
    changes.approve_change(change=change, by=st.head)
    with pytest.raises(ValidationError, match="变更后成员为4人，须为5至10人。"):
        changes.approve_change(change=change, by=st.city.city)
    assert MemberChange.objects.get(pk=change.pk).state == ChangeState.DEPARTMENT
    assert StudioMember.objects.filter(studio=first, state=MemberState.ACTIVE).count() == 5


def test_a_member_of_another_active_studio_cannot_be_added(pair):
    st, (first, second) = pair
    change = changes.request_change(studio=first, by=st.teacher, action="add", person=st.members[6], reason="加入")
    changes.approve_change(change=change, by=st.head)
    with pytest.raises(ValidationError, match="以下人员已是其他在册工作室的成员：成员7"):
        changes.approve_change(change=change, by=st.city.city)
    assert StudioMember.objects.get(person=st.members[6], state=MemberState.ACTIVE).studio_id == second.pk


def test_a_refusal_needs_its_reason_and_strangers_are_kept_out(pair):
    st, (first, _second) = pair
    change = changes.request_change(studio=first, by=st.teacher, action="remove", person=st.members[0], reason="调离")
    with pytest.raises(NotFound):
        changes.approve_change(change=change, by=st.head_b)  # another school: not even seen
    with pytest.raises(ValidationError, match="不予批准须填写理由。"):
        changes.refuse_change(change=change, by=st.head, note="")
    changes.refuse_change(change=change, by=st.head, note="该教师仍在本校任教。")
    with pytest.raises(InvalidState):
        changes.approve_change(change=change, by=st.head)
    with pytest.raises(NotAllowed):
        changes.request_change(studio=first, by=st.head, action="remove", person=st.members[1], reason="x")
