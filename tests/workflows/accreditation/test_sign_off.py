"""A staff member (申报人) drafts the school's application and the head signs it off (Submit's
`drafters`): the staff member may write and upload but not submit; the head finds it on 发起申报,
reads it without editing it, submits it and becomes its 申报人 (a return comes back to the head);
the staff member still sees it; another school's head can do nothing with it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.audit.models import AuditEvent
from core.calendar import install_test_calendar
from core.orgs.roles import Role
from tests.factories import person
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.accreditation.helpers import ASSESSMENT, S, at, build_acc_city, report
from tests.workflows.api.helpers import client_for as api_for
from tests.workflows.engine.conftest import open_task, reload
from workflows.accreditation.models import AccreditationDetails
from workflows.accreditation.services import accreditation_create, accreditation_submit
from workflows.engine import services
from workflows.engine.exceptions import NotAllowed, NotFound

pytestmark = pytest.mark.django_db


def page_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_teacher_drafts_and_the_head_signs_it_off(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021])
    acc = build_acc_city()
    teacher, head = acc.teacher, acc.heads[0]
    assert [offer["organisation"]["id"] for offer in api_for(teacher).get("/api/v1/start/").json()] == [acc.schools[0].pk]
    item = accreditation_create(organisation=acc.schools[0], owner_department=acc.department, by=teacher,
                                title="和平一校新优质学校申报", campaign=acc.campaign, summary="教务处起草",
                                self_assessment=ASSESSMENT)
    services.add_evidence(item=item, by=teacher, slot="report", upload=report())
    with pytest.raises(NotAllowed, match="此事项须由和平一校的负责人审核后提交"):
        accreditation_submit(item=item, by=teacher)
    stranger = acc.heads[3]
    with pytest.raises(NotFound):  # another school's draft is not even seen
        accreditation_submit(item=item, by=stranger)
    assert page_client(stranger).post(reverse("workflows:draft-submit", args=[item.pk])).status_code == 404
    assert reload(item).status == S.DRAFT

    pages = page_client(head)
    start = pages.get(reverse("workflows:start")).content.decode()
    assert "待我审核提交的草稿" in start and reverse("workflows:draft", args=[item.pk]) in start
    draft = pages.get(reverse("workflows:draft", args=[item.pk])).content.decode()
    assert "本草稿由teacher填写" in draft and "教务处起草" in draft and "保存草稿" not in draft and "提交申报" in draft
    edit = pages.post(reverse("workflows:draft", args=[item.pk]), {"title": "改标题", "f-summary": "改"})
    assert edit.status_code == 403 and AccreditationDetails.objects.get(item=item).summary == "教务处起草"

    assert pages.post(reverse("workflows:draft-submit", args=[item.pk])).status_code == 302
    item = reload(item)
    assert item.status == S.DISTRICT_REVIEW and item.submitter == head
    event = AuditEvent.objects.get(action="submit", object_id=str(item.pk))
    assert event.data["drafted_by"] == teacher.pk and event.actor == head
    assert api_for(teacher).get(f"/api/v1/items/{item.pk}/").status_code == 200  # the drafter still sees it

    services.return_task(task=open_task(item), by=acc.reviewer, to="revise", comment="请补充。")
    assert open_task(item).owner == head  # the return comes back to who signed it


def test_the_heads_start_page_costs_the_same_for_one_staff_draft_or_three(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    acc = build_acc_city()
    writers = [acc.teacher] + [person(f"teacher{n}", Role.APPLICANT, acc.schools[0]) for n in (2, 3)]
    campaigns = [acc.campaign] + [make_campaign(programme=acc.programme, owner_department=acc.department,
                                                total_quota=None, opens_at=at(2021, 5, 1), closes_at=at(2021, 7, 1),
                                                name=f"2021年度第{n}批") for n in (2, 3)]

    def draft_by(n):
        accreditation_create(organisation=acc.schools[0], owner_department=acc.department, by=writers[n],
                             title=f"申报{n}", campaign=campaigns[n])

    pages = page_client(acc.heads[0])
    # The head's own draft and another head's are not listed: only what the head signs off.
    accreditation_create(organisation=acc.schools[0], owner_department=acc.department, by=acc.heads[0],
                         title="校长自己的草稿", campaign=make_campaign(
                             programme=acc.programme, owner_department=acc.department, total_quota=None,
                             opens_at=at(2021, 5, 1), closes_at=at(2021, 7, 1), name="2021年度第4批"))
    draft_by(0)
    with CaptureQueriesContext(connection) as one:
        page = pages.get(reverse("workflows:start")).content.decode()
    assert page.count("填写</span>") == 1
    draft_by(1)
    draft_by(2)
    with CaptureQueriesContext(connection) as three:
        page = pages.get(reverse("workflows:start")).content.decode()
    assert page.count("填写</span>") == 3 and "校长自己的草稿" in page
    assert len(three) == len(one)
    assert "待我审核提交的草稿" not in page_client(acc.heads[3]).get(reverse("workflows:start")).content.decode()
