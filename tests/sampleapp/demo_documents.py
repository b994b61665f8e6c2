"""The demo piece of 发文 (workflows.engine.documents): the document types as data (决定 沈教发,
批复 沈教批, 撤销决定 沈教发), and on the sample HonourFlow two decision lists of the first
district's schools: the first with its 决定 issued (a 文号, the PDF, in each school's timeline),
the second waiting for the department to issue it on the 发文 page. Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.docnumbers.defaults import seed_document_types
from core.orgs.models import Organisation, Ownership, RoleGrant, SchoolType
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.honours import honour_create, honour_decide, honour_decision_document, honour_submit
from tests.sampleapp.notice_models import SampleHonour
from workflows.engine import services
from workflows.engine.documents.models import Document
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.lists.models import ListAct
from workflows.engine.reading.selectors import queue
from workflows.programmes.models import Programme

TITLE = "示例评选申报（发文演示）"


def _holder(role, organisation):
    grant = RoleGrant.objects.active().filter(role=role, organisation=organisation).select_related("user").first()
    return grant.user if grant else None


def demo_campaign(department) -> Campaign:
    """This year's campaign of the demo's 公示 programme (10 seats)."""
    now = timezone.now()
    programme, _created = Programme.objects.get_or_create(
        code="sample-honour", year=now.year,
        defaults={"kind": SampleHonour.KIND, "name": "新优质均衡(示范)学校（发文演示）", "owner_department": department,
                  "school_types": list(SchoolType.values), "ownerships": list(Ownership.values), "total_quota": 10})
    campaign, _created = Campaign.objects.get_or_create(
        programme=programme, name=f"{now.year}年度（发文演示）",
        defaults={"owner_department": department, "opens_at": now - timedelta(days=30),
                  "closes_at": now + timedelta(days=60), "total_quota": 10})
    return campaign


def through_district(department, district, campaign, *, title: str, count: int = 3) -> list:
    """`count` schools of `district` (with a head) apply in `campaign` and its reviewer passes them:
    each waits at the decision list. Empty when the district lacks the people."""
    reviewer = _holder(Role.DISTRICT_REVIEWER, district)
    schools = [s for s in district.subtree().filter(kind=OrgKind.SCHOOL).order_by("path")
               if _holder(Role.SCHOOL_HEAD, s)][:count]
    if reviewer is None or len(schools) < count:
        return []
    items = []
    for school in schools:
        school_head = _holder(Role.SCHOOL_HEAD, school)
        item = honour_create(organisation=school, owner_department=department, by=school_head,
                             title=f"{school.name}{title}", campaign=campaign)
        honour_submit(item=item, by=school_head)
        items.append(item)
    tasks = {entry.item.pk: entry.task for entry in queue(reviewer)}
    for item in items:
        services.approve_task(task=tasks[item.pk], by=reviewer, comment="同意推荐。")
    return items


@transaction.atomic
def seed_lists(department, district) -> None:
    """Three schools' applications through their district; the department head signs two lists."""
    if SampleHonour.objects.filter(title__endswith=TITLE).exists():
        return
    head = _holder(Role.CITY_HEAD, department)
    items = head and through_district(department, district, demo_campaign(department), title=TITLE)
    if not items:
        return
    first = honour_decide(items=items[:2], by=head, comment="经处务会研究确定。")
    honour_decide(items=items[2:], by=head, comment="第二批。")
    honour_decision_document(list_act=first, by=head)


def seed() -> list[Try]:
    seed_document_types()
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    if department is None or district is None:
        return []
    seed_lists(department, district)
    document = Document.objects.filter(title__contains="发文演示").first() or Document.objects.first()
    head = _holder(Role.CITY_HEAD, department)
    tries = []
    if head and document:
        waiting = ListAct.objects.filter(documents__isnull=True, members__item__owner_department=department).exists()
        tries.append(Try(head.username, f"打开「发文」：查看已发的{document.number_text}并下载PDF"
                                        + ("；再为下方等待发文的名单发文（选“决定”，填标题）。" if waiting else "。")))
    line = document.lines.select_related("item__organisation").first() if document else None
    school_head = line and _holder(Role.SCHOOL_HEAD, line.item.organisation)
    if school_head:
        tries.append(Try(school_head.username, f"打开「我的申请」里的“{line.item.title}”：时间线里有发文"
                                               f"{document.number_text}，可查看和下载PDF。"))
    return tries
