"""The demo's meeting: a school's 示范校 application under a programme with the on-site visit
switched on (VisitFlow), passed by its district, and its 实地考察 scheduled by the department in
three working days' time, with an expert, a 督学, the school's head and the reviewer as participants.
Idempotent: nothing is written once the demo's visit exists."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.calendar import add_working_days
from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.visit_models import SampleProgramme, SampleVisit
from tests.sampleapp.visits import visit_create, visit_submit
from workflows.engine import services
from workflows.engine.meetings.models import Meeting
from workflows.engine.meetings.services import schedule_meeting
from workflows.engine.reading.selectors import queue

TITLE = "示范校认定申报（含实地考察）"


def _holder(role, organisation=None):
    grants = RoleGrant.objects.active().filter(role=role).select_related("user").order_by("user__username")
    if organisation is not None:
        grants = grants.filter(organisation=organisation)
    grant = grants.first()
    return grant.user if grant else None


@transaction.atomic
def _seed():
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    if department is None or district is None:
        return None
    school = next((s for s in district.subtree().filter(kind=OrgKind.SCHOOL).order_by("path")
                   if _holder(Role.SCHOOL_HEAD, s)), None)
    reviewer, city = _holder(Role.DISTRICT_REVIEWER, district), _holder(Role.CITY_REVIEWER, department)
    if school is None or reviewer is None or city is None:
        return None
    head = _holder(Role.SCHOOL_HEAD, school)
    programme, _created = SampleProgramme.objects.get_or_create(name="示范校（演示）", defaults={"onsite_visit": True})
    item = visit_create(organisation=school, owner_department=department, by=head, title=f"{school.name}{TITLE}",
                        programme=programme)
    visit_submit(item=item, by=head)
    task = next(entry.task for entry in queue(reviewer) if entry.item.pk == item.pk)
    services.approve_task(task=task, by=reviewer, comment="材料齐全，同意上报。")
    when = datetime.datetime.combine(add_working_days(timezone.localdate(), 3), datetime.time(9, 30),
                                     tzinfo=timezone.get_default_timezone())
    people = [(head, "item"), (city, "staff")] + [(user, role) for user, role in (
        (_holder(Role.EXPERT), "expert"), (_holder(Role.INSPECTOR), "inspector")) if user is not None]
    return schedule_meeting(item=item, by=city, starts_at=when, place=f"{school.name}会议室",
                            participants=[{"user": user.pk, "role": role} for user, role in people],
                            agenda="听取学校汇报，查看校舍与资料，与师生座谈。")


def seed_meetings() -> list[Try]:
    """The demo piece of meetings: seeds the scheduled visit, and says what to try first."""
    meeting = (Meeting.objects.filter(item__kind=SampleVisit.KIND, item__title__endswith=TITLE).first()
               or _seed())
    if meeting is None:
        return []
    staff = meeting.participants.filter(role="staff").select_related("user").first()
    inspector = meeting.participants.filter(role="inspector").select_related("user").first()
    tries = []
    if inspector:
        tries.append(Try(inspector.user.username, "打开「我的会议」：查看已安排的实地考察（时间、地点、参会人）。"))
    if staff:
        tries.append(Try(staff.user.username, "在「我的会议」打开实地考察会：改期（须填写理由），参会人会收到改期通知。"))
        tries.append(Try(staff.user.username, "同一会议页点「取消会议…」：先看取消的后果，填写理由并确认；参会人收到取消通知，"
                                              "事项页的「会议」卡片可重新安排会议（安排时按姓名搜索参会人）。"))
    return tries
