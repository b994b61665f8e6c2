"""Sample applications for the demo city, so that 待办 has rows before the item kinds exist.

In the first district: its first schools' heads submit; some wait in the district reviewers'
queue, one is claimed, one has passed to the city's queue, one was returned to its school.
Idempotent: nothing is written if sample items exist already.
"""

from django.db import transaction

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.services import sample_create, sample_submit
from workflows.engine import services
from workflows.engine.reading.selectors import queue

TITLES = ["新优质均衡学校申报", "义务教育管理标准达标校申报", "劳动教育特色学校申报", "科技创新教育特色学校申报"]


def _holder(role, organisation):
    grant = RoleGrant.objects.active().filter(role=role, organisation=organisation).select_related("user").first()
    return grant.user if grant else None


@transaction.atomic
def seed_sample_items() -> int:
    if SampleApplication.objects.exists():
        return 0
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    if department is None or district is None:
        return 0
    schools = [s for s in district.subtree().filter(kind=OrgKind.SCHOOL) if _holder(Role.SCHOOL_HEAD, s)]
    reviewer = _holder(Role.DISTRICT_REVIEWER, district)
    items = []
    for school, title in zip(schools, TITLES):
        head = _holder(Role.SCHOOL_HEAD, school)
        item = sample_create(organisation=school, owner_department=department, by=head, title=f"{school.name}{title}",
                             summary="（演示数据）", pupils=800)
        sample_submit(item=item, by=head)
        items.append(item)
    if reviewer is not None and len(items) == len(TITLES):
        entries = {entry.item.pk: entry.task for entry in queue(reviewer)}
        services.approve_task(task=entries[items[1].pk], by=reviewer, comment="材料齐全，同意上报。")
        services.return_task(task=entries[items[2].pk], by=reviewer, to="revise", comment="请补充自评报告。")
        services.claim_task(task=entries[items[3].pk], by=reviewer)
    return len(items)


def seed_applications() -> list[Try]:
    """The demo piece of the sample applications: seeds them, and says what to try first."""
    seed_sample_items()
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    returned = SampleApplication.objects.filter(status="returned").select_related("organisation").first()
    tries = []
    reviewer = district and _holder(Role.DISTRICT_REVIEWER, district)
    if reviewer:
        tries.append(Try(reviewer.username, "打开「待办」，审核一件学校申报：同意、退回或驳回，填写意见。"))
    head = returned and _holder(Role.SCHOOL_HEAD, returned.organisation)
    if head:
        tries.append(Try(head.username, "「待办」里有一件被退回的申报：按退回意见修改后重新提交。"))
    city = department and _holder(Role.CITY_REVIEWER, department)
    if city:
        tries.append(Try(city.username, "市局审核：在「可领取」里领取区县已通过的申报并作出决定。"))
    return tries
