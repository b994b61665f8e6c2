"""A city for the inspection tests: the 督导室 (its planners and head), the 13 districts of
Shenyang with their staff and heads (each district's `head`, the first escalation's target), a
school per district with its head, 督学 at home in several districts, and a small indicator set."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.docnumbers.defaults import seed_document_types
from core.orgs.demo_data import DISTRICTS
from core.orgs.models import Organisation, User
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from workflows.engine.fanout import background
from workflows.engine.rubrics.indicator_edits import add_indicator
from workflows.engine.rubrics.services import create_rubric
from workflows.inspection.services.dispatch import dispatch_task
from workflows.inspection.services.plans import create_plan, dispatch_plan


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


@dataclass
class InspectionCity:
    office: Organisation  # 督导室
    districts: list[Organisation]
    schools: dict  # district pk -> a school there
    planner: User
    head: User  # the 督导室's head
    staff: dict  # district pk -> district_staff
    district_heads: dict  # district pk -> district_head (and the district's `head`)
    school_heads: dict  # school pk -> school_head
    inspectors: list[User]  # two at home in each of the first four districts
    rubric: object


def build_city() -> InspectionCity:
    seed_document_types()
    office = OrganisationFactory.department(name="督导室", code="supervision")
    planner = user_with_role(Role.CITY_REVIEWER, office, username="duban", first_name="督办")
    head = user_with_role(Role.CITY_HEAD, office, username="dudaoshi_head")
    office.head = head
    office.save()
    districts = [OrganisationFactory.district(name=name, code=code) for code, name, _division in DISTRICTS]
    staff, heads, schools, school_heads = {}, {}, {}, {}
    for d in districts:
        staff[d.pk] = user_with_role(Role.DISTRICT_STAFF, d, username=f"staff_{d.code}")
        heads[d.pk] = user_with_role(Role.DISTRICT_HEAD, d, username=f"head_{d.code}")
        d.head = heads[d.pk]
        d.save()
        school = OrganisationFactory.school(parent=d, name=f"{d.name}实验小学")
        schools[d.pk] = school
        school_heads[school.pk] = user_with_role(Role.SCHOOL_HEAD, school, username=f"principal_{d.code}")
    inspectors = []
    for d in districts[:4]:
        for n in range(2):
            inspectors.append(user_with_role(Role.INSPECTOR, schools[d.pk], username=f"dx_{d.code}_{n}"))
    rubric = create_rubric(department=office, name="区县政府履行教育职责评价指标", year=2021, by=planner)
    for code, name in (("A1", "教育经费投入"), ("A2", "学校布局规划"), ("A3", "教师队伍建设")):
        add_indicator(rubric=rubric, by=planner, code=code, name=name, max_score=10,
                      guidance=f"{name}：查阅预算文件、会议纪要。")
    return InspectionCity(office=office, districts=districts, schools=schools, planner=planner, head=head,
                          staff=staff, district_heads=heads, school_heads=school_heads, inspectors=inspectors,
                          rubric=rubric)


def new_plan(city, *, targets=None, deadlines=None, **options):
    options.setdefault("kind", "government_duties")
    options.setdefault("title", "2021年区县政府履行教育职责情况专项督导")
    return create_plan(department=city.office, by=city.planner, rubric=city.rubric,
                       targets=city.districts if targets is None else targets, deadlines=deadlines, **options)


def dispatched(city, **options):
    """A plan dispatched and its background dispatch run to the end (as the worker does)."""
    plan = new_plan(city, **options)
    dispatch_plan(plan=plan, by=city.planner)
    background.run(dispatch_task(plan).pk)
    return plan


def open_task(item) -> Task:
    return Task.objects.get(process__artifact_object_id=item.pk, flow_task_type="HUMAN",
                            status__in=[STATUS.NEW, STATUS.ASSIGNED])
