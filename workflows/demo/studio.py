"""The demo's 名优教师工作室 (workflows.studio): 教师工作处's head has set up this year's programme
(30 studios, 2 a district, hosts 正高级 or 市骨干 and above, 5–10 members) and opened its campaign;
teachers of 和平区 apply as hosts, each with five colleagues of other schools of the district:

    第一小学's teacher      a draft, not yet sent
    第二小学's teacher      sent, waiting for the school head's endorsement (学校推荐)
    第一初级中学's teacher  endorsed, waiting for the district head's recommendation list

Idempotent: nothing is written once the programme exists."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.orgs.models import RoleGrant
from core.orgs.roles import OrgKind, Role
from workflows.demo.guide import Try, department, districts, holder
from workflows.demo.rounds import evidence_pdf, open_task
from workflows.engine import services as engine
from workflows.programmes.campaigns import open_campaign
from workflows.programmes.models import Programme
from workflows.programmes.services import create_programme
from workflows.studio.models import HostHonour, HostTitle, Studio, StudioRules, StudioType
from workflows.studio.services import studio_create, studio_submit

CODE, NAME = "famous-teacher", "名优教师工作室"
SLOTS = ({"code": "plan", "name": "三年发展规划", "required": True, "accepted": ["pdf", "word"]},
         {"code": "honours", "name": "主持人荣誉证书", "required": False, "accepted": ["pdf", "image"]})
HOSTS = (("第一小学", False), ("第二小学", True), ("第一初级中学", True))  # (school, sent)
SCHOOL_TYPES = ["primary", "junior", "nine_year", "senior", "vocational", "special"]


def _teachers(district) -> dict:
    """{school name without the district's: its teacher (申报人)}, in tree order."""
    grants = (RoleGrant.objects.active().filter(role=Role.APPLICANT, organisation__kind=OrgKind.SCHOOL,
                                                organisation__in=district.subtree())
              .select_related("user", "organisation").order_by("organisation__path"))
    return {grant.organisation.name.removeprefix(district.name): (grant.user, grant.organisation) for grant in grants}


@transaction.atomic
def seed_studios() -> bool:
    owner = department("teachers")
    head = owner and holder(Role.CITY_HEAD, owner)
    if head is None or not districts():
        return False
    year = timezone.localdate().year
    if Programme.objects.filter(code=CODE, year=year).exists():
        return True
    programme = create_programme(department=owner, by=head, kind="studio", code=CODE, year=year, name=NAME,
                                 school_types=SCHOOL_TYPES, ownerships=["public", "private"], total_quota=30,
                                 defence=True, validity_years=3, slots=SLOTS,
                                 district_quotas={district: 2 for district in districts()})
    StudioRules.objects.create(programme=programme, studio_type=StudioType.TEACHER)
    now = timezone.now()
    campaign = open_campaign(programme=programme, by=head, name=f"{year}年度{NAME}认定",
                             opens_at=now - datetime.timedelta(days=10), closes_at=now + datetime.timedelta(days=30))
    teachers = _teachers(districts()[0])
    for school_name, sent in HOSTS:
        host, school = teachers[school_name]
        members = [user for name, (user, _school) in teachers.items() if name != school_name][:5]
        item = studio_create(organisation=school, owner_department=owner, by=host, campaign=campaign,
                             title=f"{host.full_name}名优教师工作室", host_title=HostTitle.FULL_SENIOR,
                             host_honour=HostHonour.CITY_BACKBONE, subject="语文", stage="小学",
                             plan="三年内开展区域语文大单元教学研究，每学期公开课两节、听评课十次，完成一项市级课题。",
                             members=members)
        engine.add_evidence(item=item, by=host, slot="plan", upload=evidence_pdf(school, "三年发展规划"))
        if sent:
            studio_submit(item=item, by=host)
    endorsed = Studio.objects.filter(status=Studio.Status.SCHOOL_ENDORSE).select_related("organisation") \
        .order_by("pk").last()
    engine.approve_task(task=open_task(endorsed), by=holder(Role.SCHOOL_HEAD, endorsed.organisation),
                        comment="该教师师德高尚、业务精湛，同意推荐。")
    return True


def seed() -> list[Try]:
    if not seed_studios():
        return []
    draft = Studio.objects.filter(status=Studio.Status.DRAFT).select_related("submitter").first()
    waiting = Studio.objects.filter(status=Studio.Status.SCHOOL_ENDORSE).select_related("organisation").first()
    listed = Studio.objects.filter(status=Studio.Status.DISTRICT_RECOMMEND).select_related("organisation").first()
    tries = []
    if draft:
        tries.append(Try(draft.submitter.username, "打开「发起申报」继续“名优教师工作室”草稿：在成员框输入同事姓名选成员（5至10人），"
                                                   "只留4人提交试试，看系统如何拒绝；上传三年发展规划后提交。"))
    school_head = waiting and holder(Role.SCHOOL_HEAD, waiting.organisation)
    if school_head:
        tries.append(Try(school_head.username, "「待办」里有本校教师申报的名优教师工作室：查看成员和三年规划，推荐或退回。"))
    district_head = listed and holder(Role.DISTRICT_HEAD, listed.organisation.parent)
    if district_head:
        tries.append(Try(district_head.username, "「可领取」→“在名单中办理”：名优教师工作室的区县推荐名单（本区名额2个）。"))
    city = holder(Role.CITY_HEAD, department("teachers"))
    if city:
        tries.append(Try(city.username, "打开「工作室」：全市工作室的主持人、成员、有效期和年度考核，可导出 Excel；"
                                        "「申报项目」里是今年的名优教师工作室项目和各区县名额。"))
    return tries
