"""The demo's paperwork pieces: 打印审批单 (and, as they come, Excel exports and batch approval).
They write nothing of their own: they point at the sample applications seeded before them."""

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo import _holder
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.models import SampleApplication


def seed_printing() -> list[Try]:
    """An item the district approved, printed by the city reviewer whose queue it is in."""
    approved = SampleApplication.objects.filter(status="city_review").first()
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    city = approved and department and _holder(Role.CITY_REVIEWER, department)
    if not city:
        return []
    return [Try(city.username, f"打开「{approved.title}」，点“打印审批单”：各环节意见、办理人和时间在一张 A4 上，"
                               "浏览器打印不带导航栏；也可“下载审批单（PDF）”。")]
