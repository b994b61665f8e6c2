"""The studio's member and host rules (the programme's StudioRules, data): every bad input is a
clear Chinese error and writes nothing; the one-active-studio rule is the database's, so two
studios taking the same teacher at once leave one winner."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.calendar import install_test_calendar
from core.orgs.roles import Role
from tests.factories import person
from tests.threads import run_together
from tests.workflows.studio.helpers import at, build_studio_town, teacher_studio
from workflows.engine.models import Item
from workflows.studio.models import HostHonour, HostTitle, MemberState, StudioDetails, StudioMember
from workflows.studio.services import studio_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def st(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021])
    return build_studio_town()


def refused(message, **options):
    """studio_create with `options` over a good application is refused with `message`; nothing written."""
    st = options.pop("st")
    before = (Item.objects.count(), StudioDetails.objects.count(), StudioMember.objects.count())
    fields = {"organisation": st.school_a, "owner_department": st.department, "by": st.teacher, "title": "工作室",
              "campaign": st.teachers, "host_title": HostTitle.FULL_SENIOR, "host_honour": HostHonour.NONE,
              "plan": "三年规划。", "members": st.members[:5], **options}
    with pytest.raises(ValidationError) as error:
        studio_create(**fields)
    assert message in str(error.value)
    assert (Item.objects.count(), StudioDetails.objects.count(), StudioMember.objects.count()) == before


def test_fewer_than_five_or_more_than_ten_members_are_refused(st):
    refused("工作室成员须为5至10人，现为4人。", st=st, members=st.members[:4])
    extra = [person(f"extra{n}", Role.APPLICANT, st.school_b) for n in range(3)]
    refused("工作室成员须为5至10人，现为11人。", st=st, members=st.members + extra)


def test_a_member_in_another_active_studio_is_refused(st):
    item = teacher_studio(st, submit=False)
    StudioMember.objects.filter(studio=item, person=st.members[0]).update(state=MemberState.ACTIVE)
    refused("以下人员已是其他在册工作室的成员：成员1", st=st, by=person("host2", Role.APPLICANT, st.school_b),
            organisation=st.school_b)


def test_a_workshop_from_fewer_than_five_schools_or_without_a_rural_one_is_refused(st):
    same_schools = [person(f"heping{n}", Role.APPLICANT, st.school_a) for n in range(5)]
    refused("成员须来自至少5所学校，现为1所。", st=st, campaign=st.workshop, by=st.principal, members=same_schools)
    refused("成员中须至少有一所农村学校的教师。", st=st, campaign=st.workshop, by=st.principal,
            members=[st.members[n] for n in (0, 1, 2, 3, 5)])


def test_a_host_not_at_the_endorsing_school_is_refused(st):
    refused("主持人teacher不在沈河一校任职，不能由该校推荐。", st=st, organisation=st.school_b)


def test_a_host_below_the_programme_s_condition_is_refused_with_the_condition(st):
    refused("主持人条件不符：须具有正高级职称，或获得市骨干教师（校长）及以上荣誉。", st=st,
            host_title=HostTitle.SENIOR, host_honour=HostHonour.DISTRICT_BACKBONE)


def test_the_host_and_repeated_members_are_refused(st):
    refused("主持人不能同时作为成员。", st=st, members=[st.teacher, *st.members[:4]])
    refused("成员不能重复。", st=st, members=[st.members[0], *st.members[:4]])


def test_the_database_keeps_one_active_studio_per_person(st):
    first, second = teacher_studio(st, submit=False), teacher_studio(
        st, host=person("host2", Role.APPLICANT, st.school_b), school=st.school_b, submit=False)
    StudioMember.objects.filter(studio=first, person=st.members[0]).update(state=MemberState.ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        StudioMember.objects.filter(studio=second, person=st.members[0]).update(state=MemberState.ACTIVE)


@pytest.mark.django_db(transaction=True)
def test_two_studios_taking_the_same_teacher_at_once_leave_one_winner(time_machine):
    from tests.workflows.studio.test_changes import certified_pair
    from workflows.studio import changes

    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021])
    st = build_studio_town()
    first, second = certified_pair(st)
    newcomer = person("newcomer", Role.APPLICANT, st.school_c2, full_name="新教师")
    requests = [changes.request_change(studio=item, by=item.submitter, action="add", person=newcomer,
                                       reason="加入工作室") for item in (first, second)]
    for request in requests:
        changes.approve_change(change=request, by=st.head if request.studio_id == first.pk else st.head_b)

    def approve(n):
        return changes.approve_change(change=requests[n], by=st.city.city)

    results, errors = run_together(approve, 2)
    assert len(results) == 1 and len(errors) == 1
    assert "已是其他在册工作室的成员" in str(errors[0])
    assert StudioMember.objects.filter(person=newcomer, state=MemberState.ACTIVE).count() == 1
