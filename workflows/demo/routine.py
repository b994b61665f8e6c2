"""The demo's 常态督导: the 督导室's reviewer divides 督学责任区 — each demo 督学 answers for five
schools of a district other than their home one —, the first 督学 has visited two schools this
month, and has issued a 整改通知书 to the first, whose head reports back. Idempotent: nothing is
written once any zone exists."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from workflows.demo.guide import Try
from workflows.inspection.routine import notices, rules, zones
from workflows.inspection.routine.models import RectificationNotice, Zone, ZoneSchool
from workflows.inspection.routine.visits import record_visit

SCHOOLS_PER_ZONE = 5


def _manager():
    grant = (RoleGrant.objects.active().filter(role=Role.CITY_REVIEWER, organisation__code=rules.SUPERVISION_CODE,
                                               organisation__kind=OrgKind.DEPARTMENT)
             .select_related("user").order_by("user__username").first())
    return grant.user if grant else None


def _zones(manager) -> list[Zone]:
    grants = RoleGrant.objects.active().filter(role=Role.INSPECTOR).select_related("user", "organisation") \
        .order_by("user__username")
    districts = list(Organisation.objects.filter(kind=OrgKind.DISTRICT, is_active=True).order_by("path"))
    made, used = [], set()
    for grant in grants:
        home = grant.organisation.district()  # 回避: never the 督学's own district
        district = next((d for d in districts if d.pk not in used and d.pk != getattr(home, "pk", None)), None)
        if district is None:
            break
        used.add(district.pk)
        taken = ZoneSchool.objects.values("school_id")
        schools = list(district.subtree().filter(kind=OrgKind.SCHOOL, is_active=True).exclude(pk__in=taken)
                       .order_by("path")[:SCHOOLS_PER_ZONE])
        made.append(zones.create_zone(by=manager, name=f"{district.name}第一责任区", inspector=grant.user,
                                      schools=schools))
    return made


@transaction.atomic
def _seed():
    manager = _manager()
    if manager is None:
        return
    made = _zones(manager)
    if not made:
        return
    zone = made[0]
    first, second = [member.school for member in zone.members.select_related("school")[:2]]
    today = timezone.localdate()
    visit = record_visit(by=zone.inspector, school=first, visited_on=today, kinds=["lesson", "patrol"],
                         findings="听课两节，课堂秩序良好；巡查发现课后服务签到台账缺少近一周记录。")
    record_visit(by=zone.inspector, school=second, visited_on=today, kinds=["interview"],
                         findings="访谈校长和两名教师，作业公示制度落实到位。")
    try:
        notices.issue_notice(by=zone.inspector, school=first, title=f"关于{first.name}课后服务台账的整改通知",
                             problems="课后服务签到台账缺少近一周记录。", requirements="补齐台账，建立每日签到核对制度。",
                             working_days=10, visit=visit)
    except ValidationError:  # the calendar of the deadline's year is not entered: the notice waits
        pass


def seed() -> list[Try]:
    if not Zone.objects.exists():
        _seed()
    zone = Zone.objects.select_related("inspector").order_by("pk").first()
    if zone is None:
        return []
    tries = [Try(zone.inspector.username, "打开「常态督导」：在“我的责任区”为本月未督导的学校点“记录督导”（听课、访谈、巡查，"
                                         "可附现场照片；日期不能晚于今天）；也可向学校发出整改通知书。")]
    notice = RectificationNotice.objects.select_related("school").order_by("pk").first()
    heads = rules.heads_of(notice.school_id) if notice else []
    if heads:
        tries.append(Try(heads[0].username, f"打开「常态督导」的整改通知书{notice.document.number_text}：下载PDF，"
                                            "提交整改报告（可附文件），再由责任督学确认或退回。"))
    manager = _manager()
    if manager:
        tries.append(Try(manager.username, "打开「常态督导」→「督导统计」：各校每月督导次数、各责任区合计和本月未督导学校，"
                                           "可导出 Excel；在「督学责任区」调整学校（一所学校只能属于一个责任区）。"))
    return tries
