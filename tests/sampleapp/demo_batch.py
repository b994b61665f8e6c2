"""The demo's 批量审批: three more applications of the first district's schools waiting at 区县审核,
so that its reviewer's 可领取 holds several tasks of one step to approve together. Idempotent:
nothing is written once they exist."""

from django.db import transaction

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.services import sample_create, sample_submit

MARK = "（批量审批演示）"
TITLES = ["智慧教育标杆学校申报", "爱国主义教育示范校申报", "课程改革达标校申报"]


def _holder(role, organisation):
    grant = (RoleGrant.objects.active().filter(role=role, organisation=organisation).select_related("user")
             .order_by("user__username").first())
    return grant.user if grant else None


@transaction.atomic
def _seed(district, department) -> None:
    schools = [school for school in district.subtree().filter(kind=OrgKind.SCHOOL).order_by("path")
               if _holder(Role.SCHOOL_HEAD, school)]
    if not schools:
        return
    for n, title in enumerate(TITLES):
        school = schools[n % len(schools)]
        head = _holder(Role.SCHOOL_HEAD, school)
        item = sample_create(organisation=school, owner_department=department, by=head,
                             title=f"{school.name}{title}{MARK}", summary="（演示数据）", pupils=600 + 100 * n)
        sample_submit(item=item, by=head)


def seed() -> list[Try]:
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    if district is None or department is None:
        return []
    reviewer = _holder(Role.DISTRICT_REVIEWER, district)
    if reviewer is None:
        return []
    if not SampleApplication.objects.filter(title__endswith=MARK).exists():
        _seed(district, department)
    return [Try(reviewer.username, "批量审批：打开「可领取」，勾选几件「区县审核」的申报，填写一条审批意见，"
                                   "点「批量通过所选」，确认后查看逐件结果（已通过 / 未通过及原因）。")]
