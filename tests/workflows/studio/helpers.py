"""The studio tests' city: the pool city (tests/workflows/engine/experts/helpers.py) with the
programmes of 名优教师工作室 and 名优校长工作坊 (their StudioRules), a campaign of each with the
districts' quotas, the rubric, the document types, experts, and teachers at eight schools (two
rural) to be members."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from core.docnumbers.models import DocumentType
from core.orgs.models import Organisation, User
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.engine.campaign_helpers import make_campaign, make_programme
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.experts.helpers import PoolCity, build_pool_city, outside_experts
from tests.workflows.engine.rubrics.helpers import school_rubric
from tests.workflows.engine.scoring.helpers import lines
from workflows.engine import services as engine
from workflows.engine.experts import selectors
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.seats import accept_pledge
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.lists.step import act_on_list
from workflows.engine.notices.step import publish_notice
from workflows.engine.scoring import services as scoring
from workflows.engine.tenure.models import TermsPolicy
from workflows.studio.flows import StudioFlow
from workflows.studio.models import HostHonour, HostTitle, StudioRules, StudioType
from workflows.studio.services import studio_create, studio_submit

TZ = timezone.get_default_timezone()


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


@dataclass
class StudioTown:
    town: PoolCity
    teachers: Campaign = None
    workshop: Campaign = None
    schools: list = field(default_factory=list)
    members: list = field(default_factory=list)  # one teacher per school, 8 schools
    principal: User = None  # the head of school_a hosts the workshop

    def __getattr__(self, name):
        return getattr(self.town, name)


def build_studio_town(*, district_quota=2, total_quota=30) -> StudioTown:
    town = build_pool_city()
    rubric = school_rubric(town.department, town.city.city)
    campaigns = {}
    for code, name, studio_type, extra in (
            ("famous-teacher", "名优教师工作室", StudioType.TEACHER, {}),
            ("famous-principal", "名优校长工作坊", StudioType.PRINCIPAL,
             {"min_schools": 5, "rural_required": True, "district_endorses": True})):
        programme = make_programme(owner_department=town.department, code=code, name=name, kind="studio",
                                   rubric=rubric, defence=True)
        StudioRules.objects.create(programme=programme, studio_type=studio_type, **extra)
        campaigns[studio_type] = make_campaign(
            programme=programme, owner_department=town.department, total_quota=total_quota, name=f"2021年度{name}",
            opens_at=at(2021, 3, 1), closes_at=at(2021, 12, 31),
            district_quotas={town.district_a: district_quota, town.district_b: district_quota})
    for code, name, prefix in (("decision", "决定", "沈教发"), ("revocation", "撤销决定", "沈教发")):
        DocumentType.objects.get_or_create(code=code, defaults={"name": name, "prefix": prefix})
    TermsPolicy.objects.get_or_create(kind="studio", programme_code="", defaults={
        "name": "名优教师工作室（三年）", "validity_years": 3, "reminder_days": [180, 60], "failures_to_revoke": 2,
        "renewal_skips": ["district_recommend", "city_review", "defence"], "renewal_opens_days": 180})
    schools = [town.school_a, town.school_b, town.school_c1, town.school_c2, town.school_d1]
    schools += [OrganisationFactory.school(parent=town.district_a, name=f"和平{n}校", code=f"21010200{n:02d}")
                for n in (2, 3)]
    schools.append(OrganisationFactory.school(parent=town.district_b, name="沈河乡村学校", code="2101030009",
                                              is_rural=True))
    Organisation.objects.filter(pk=town.school_d1.pk).update(is_rural=True)
    members = [person(f"member{n}", Role.APPLICANT, school, full_name=f"成员{n}") for n, school in
               enumerate(schools, 1)]
    outside_experts(town, 3, fields={})
    return StudioTown(town=town, teachers=campaigns[StudioType.TEACHER], workshop=campaigns[StudioType.PRINCIPAL],
                      schools=schools, members=members, principal=town.head)


def teacher_studio(st: StudioTown, *, host=None, school=None, members=None, title="李老师语文名师工作室", submit=True):
    """A 名优教师工作室 hosted by `host` (the town's teacher at school_a), with five members."""
    host = host or st.teacher
    item = studio_create(organisation=school or st.school_a, owner_department=st.department, by=host, title=title,
                         campaign=st.teachers, host_title=HostTitle.FULL_SENIOR, host_honour=HostHonour.NONE,
                         subject="语文", stage="小学", plan="三年内打造区域语文教研共同体。",
                         members=members if members is not None else st.members[:5])
    if submit:
        studio_submit(item=item, by=host)
    return reload(item)


def endorsed_and_recommended(st: StudioTown, *items):
    """Each school head endorses; each district head recommends its own: at the department's review."""
    for item in items:
        head = st.head if item.organisation_id == st.school_a.pk else st.head_b
        engine.approve_task(task=open_task(item), by=head, comment="同意推荐。")
    for district, district_head in ((st.district_a, st.district_head), (st.district_b, None)):
        mine = [item for item in items if item.organisation.parent_id == district.pk]
        if mine:
            act_on_list(step=StudioFlow.district_recommend, items=mine,
                        by=district_head or _head_of(district))
    return [reload(item) for item in items]


def _head_of(district):
    return User.objects.filter(role_grants__organisation=district, role_grants__role=Role.DISTRICT_HEAD).first() or \
        person(f"head_{district.code}", Role.DISTRICT_HEAD, district)


def scored_and_defended(st: StudioTown, *items):
    """The department passes them to the experts, who score them; each defence is held and passed."""
    from tests.workflows.engine.meetings.helpers import hold_meeting

    for item in items:
        engine.approve_task(task=open_task(item), by=st.city.city)
    panel = draw_panel(items=list(items), size=3, reserves=0, by=st.city.city)
    for seat in selectors.seats_of(panel):
        accept_pledge(seat=seat, by=seat.expert.user)
    for item in items:
        for user in [seat.expert.user for seat in selectors.scorers(item)]:
            scoring.save_draft(item=item, by=user, lines=lines(18, 18, 9, 36))
            scoring.submit_sheet(item=item, by=user)
        scoring.close_scoring(item=item, by=st.city.city)
        hold_meeting(reload(item), st.city.city, [(seat.expert.user, "expert") for seat in selectors.seats_of(panel)]
                     + [(item.submitter, "item")])
        engine.approve_task(task=open_task(item), by=st.city.city, comment="答辩通过。")
    return [reload(item) for item in items]


def decided_and_noticed(st: StudioTown, *items, time_machine):
    """The decision list, the 公示 and its end (the beat): certified. Returns the items."""
    from workflows import tasks

    act_on_list(step=StudioFlow.city_decision, items=list(items), by=st.city_head, comment="经处务会研究。")
    notice = publish_notice(step=StudioFlow.notice, items=list(items), by=st.city_head,
                            title="名优教师工作室拟认定名单公示")
    time_machine.move_to(notice.ends_at + datetime.timedelta(minutes=1), tick=False)
    tasks.fire_timers()
    return [reload(item) for item in items]


def certified(st: StudioTown, *items, time_machine):
    """Submitted items through every stage to certification."""
    items = endorsed_and_recommended(st, *items)
    items = scored_and_defended(st, *items)
    return decided_and_noticed(st, *items, time_machine=time_machine)
