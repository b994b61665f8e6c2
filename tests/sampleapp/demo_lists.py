"""The demo piece of 名单办理 (workflows/web/views/list_acts.py): two schools of the second district
passed by their district on the sample HonourFlow, waiting for the department head to rank and
sign the decision list (市局决定名单) in the 公示 demo's campaign. Idempotent."""

from django.db import transaction

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo_documents import _holder, demo_campaign, through_district
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.notice_models import SampleHonour

TITLE = "示例评选申报（名单演示）"


@transaction.atomic
def seed() -> list[Try]:
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    districts = list(Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path")[:2])
    head = department and _holder(Role.CITY_HEAD, department)
    if head is None or len(districts) < 2:
        return []
    if not SampleHonour.objects.filter(title__endswith=TITLE).exists():
        through_district(department, districts[1], demo_campaign(department), title=TITLE, count=2)
    if not SampleHonour.objects.filter(title__endswith=TITLE, status=SampleHonour.Status.CITY_DECISION).exists():
        return []
    return [Try(head.username, "打开「可领取」，点“在名单中办理”进入「名单办理」：调整两所学校的排序，填写意见后签署决定名单，"
                               "再到「公示管理」发布公示。")]
