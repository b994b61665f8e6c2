"""A city with the 13 districts of Shenyang for the fan-out tests: the 督导室 with two city
reviewers, and district staff in every district."""

from dataclasses import dataclass

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.orgs.demo_data import DISTRICTS
from core.orgs.models import Organisation, User
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.sampleapp.plans import sample_plan_create, sample_plan_dispatch
from workflows.engine.models import Item


@dataclass
class PlanCity:
    department: Organisation
    districts: list[Organisation]
    owner: User  # city_reviewer at the department: creates and dispatches plans
    checker: User  # another city_reviewer there: checks the returns
    staff: dict  # district pk -> its district_staff


def build_plan_city() -> PlanCity:
    department = OrganisationFactory.department(name="督导室", code="supervision")
    districts = [OrganisationFactory.district(name=name, code=code) for code, name, _division in DISTRICTS]
    return PlanCity(
        department=department,
        districts=districts,
        owner=user_with_role(Role.CITY_REVIEWER, department, username="plan_owner"),
        checker=user_with_role(Role.CITY_REVIEWER, department, username="checker"),
        staff={d.pk: user_with_role(Role.DISTRICT_STAFF, d, username=f"staff_{d.code}") for d in districts},
    )


def dispatched_plan(city: PlanCity, districts=None, title="2021年幼儿园办园行为专项督导"):
    plan = sample_plan_create(department=city.department, by=city.owner, title=title,
                              targets=city.districts if districts is None else districts)
    sample_plan_dispatch(plan=plan, by=city.owner)
    return Item.objects.get(pk=plan.pk).as_kind()


def open_human_task(item) -> Task:
    return Task.objects.get(process__item=item, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED])
