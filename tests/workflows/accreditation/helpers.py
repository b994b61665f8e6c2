"""The accreditation tests' city and factories: five schools in two districts (和平区: 和平一校,
和平二校, 和平三校; 沈河区: 沈河一校, 沈河二校), their heads, both districts' reviewers and heads, the
department's experts at home outside both districts, a programme of the accreditation kind (the
school rubric, pass mark 80; its evidence slots; 7 working days of 公示; the 决定 prefix 沈教发) and
its campaign of 2021 with per-district seats. Everything a test needs is data made here; the
people act through the API (client_for) or the kind's services."""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.docnumbers.models import DocumentType
from core.orgs.models import Organisation, Ownership, SchoolType, User
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.sample_files import pdf
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.experts.helpers import PoolCity, build_pool_city
from tests.workflows.engine.rubrics.helpers import school_rubric
from workflows.accreditation.models import Accreditation
from workflows.accreditation.services import accreditation_create, accreditation_submit
from workflows.engine.experts.pool import add_expert
from workflows.engine.tenure.models import TermsPolicy
from workflows.programmes.models import EvidenceSlot, Programme

TZ = timezone.get_default_timezone()
COMPULSORY = [SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.NINE_YEAR]
FLOW = "workflows.accreditation.flows.AccreditationFlow"
RECOMMEND_STEP = f"{FLOW}.district_recommend"
DECISION_STEP = f"{FLOW}.city_decision"
NOTICE_STEP = f"{FLOW}.notice"
S = Accreditation.Status
# A whole self-assessment of the school rubric (A1 /20, A2 /20, B1 /10, B2 /40).
ASSESSMENT = {"A1": {"score": "18", "note": "生均校舍面积达标"}, "A2": {"score": "17", "note": ""},
              "B1": {"score": "9", "note": ""}, "B2": {"score": "36", "note": "学生综合素质评价优良"}}


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()[:800]
    return response.json() if response.content else None


@dataclass
class AccCity:
    town: PoolCity
    programme: Programme
    campaign: object
    schools: list[Organisation]  # 和平一校, 和平二校, 和平三校, 沈河一校, 沈河二校
    heads: list[User]
    district_head_b: User
    experts: list[User] = field(default_factory=list)

    def __getattr__(self, name):
        return getattr(self.town, name)

    def reviewer_of(self, school) -> User:
        return self.town.reviewer if school.parent_id == self.town.district_a.pk else self.town.reviewer_b

    def district_head_of(self, school) -> User:
        return self.town.district_head if school.parent_id == self.town.district_a.pk else self.district_head_b


def doc_types():
    for code, name, prefix in (("decision", "决定", "沈教发"), ("approval", "批复", "沈教批"),
                               ("revocation", "撤销决定", "沈教发")):
        DocumentType.objects.get_or_create(code=code, defaults={"name": name, "prefix": prefix})
    return DocumentType.objects.get(code="decision")


def accreditation_programme(department, by, *, code="new-quality", name="新优质均衡(示范)学校", rubric=None,
                            **fields) -> Programme:
    """A programme of the accreditation kind with its evidence slots (a required 自评报告 in PDF or
    Word, optional 校园照片 as images)."""
    fields.setdefault("school_types", list(COMPULSORY))
    fields.setdefault("ownerships", [Ownership.PUBLIC, Ownership.PRIVATE])
    programme = Programme.objects.create(
        kind=Accreditation.KIND, code=code, year=2021, name=name, owner_department=department,
        rubric=rubric if rubric is not None else school_rubric(department, by, year=2021),
        doc_type=doc_types(), **fields)
    EvidenceSlot.objects.create(programme=programme, code="report", name="自评报告", required=True,
                                accepted=["pdf", "word"], order=1)
    EvidenceSlot.objects.create(programme=programme, code="photos", name="校园照片", required=False,
                                accepted=["image"], order=2)
    return programme


def build_acc_city(*, total_quota=3, quotas=(2, 1), notice_days=7, **programme_fields) -> AccCity:
    town = build_pool_city()
    a, b = town.district_a, town.district_b
    schools = [town.school_a,
               OrganisationFactory.school(parent=a, name="和平二校", code="2101020002"),
               OrganisationFactory.school(parent=a, name="和平三校", code="2101020003"),
               town.school_b,
               OrganisationFactory.school(parent=b, name="沈河二校", code="2101030002")]
    heads = [town.head, person("head_a2", Role.SCHOOL_HEAD, schools[1]), person("head_a3", Role.SCHOOL_HEAD, schools[2]),
             town.head_b, person("head_b2", Role.SCHOOL_HEAD, schools[4])]
    district_head_b = person("district_head_b", Role.DISTRICT_HEAD, b)
    programme = accreditation_programme(town.department, town.city.city, notice_days=notice_days,
                                        total_quota=total_quota, **programme_fields)
    campaign = make_campaign(programme=programme, owner_department=town.department, total_quota=total_quota,
                             district_quotas={a: quotas[0], b: quotas[1]}, opens_at=at(2021, 5, 1),
                             closes_at=at(2021, 7, 1, 17, 30), name="2021年度")
    TermsPolicy.objects.create(kind=Accreditation.KIND, programme_code=programme.code, name="新优质学校（有效期3年）",
                               validity_years=3, reminder_days=[90, 30], report_opens="11-01", report_closes="12-31",
                               failures_to_revoke=2, renewal_skips=["district_review", "district_recommend"],
                               renewal_opens_days=180)
    experts = [add_expert(department=town.department, user=person(username, Role.EXPERT, getattr(town, home),
                                                                     full_name=full_name),
                          home=getattr(town, home), by=town.city.city, fields={}).user
               for username, full_name, home in (("zj_wang", "王建国", "school_c1"), ("zj_li", "李秀英", "school_d1"),
                                                 ("zj_zhang", "张志强", "school_c2"))]
    return AccCity(town=town, programme=programme, campaign=campaign, schools=schools, heads=heads,
                   district_head_b=district_head_b, experts=experts)


def report(name="自评报告.pdf", text="self assessment"):
    return SimpleUploadedFile(name, pdf(text))


def draft(acc, n, *, assessment=None, **fields):
    """School n's draft through the service (发起申报), with its 自评报告 uploaded."""
    from workflows.engine import services

    school, head = acc.schools[n], acc.heads[n]
    item = accreditation_create(organisation=school, owner_department=acc.department, by=head,
                                title=f"{school.name}{acc.programme.name}申报", campaign=acc.campaign,
                                summary=f"{school.name}的申报摘要", features="书香校园",
                                self_assessment=ASSESSMENT if assessment is None else assessment, **fields)
    services.add_evidence(item=item, by=head, slot="report", upload=report())
    return item


def submitted(acc, n, **fields):
    item = draft(acc, n, **fields)
    accreditation_submit(item=item, by=acc.heads[n])
    return reload(item)


def approve(user, item, comment="同意。"):
    task = open_task(item)
    ok(client_for(user).post(f"/api/v1/tasks/{task.pk}/approve/", {"comment": comment}, format="json"))
    return reload(item)


def through_district(acc, ns):
    """Schools `ns` submitted, passed by their districts and recommended (each district one list)."""
    from workflows.accreditation.services import accreditation_recommend
    from workflows.engine import services

    items = [submitted(acc, n) for n in ns]
    for item in items:
        services.approve_task(task=open_task(item), by=acc.reviewer_of(item.organisation))
    for head in {acc.district_head_of(item.organisation) for item in items}:
        accreditation_recommend(items=[i for i in items if acc.district_head_of(i.organisation) == head], by=head)
    return [reload(item) for item in items]


def at_decision(acc, ns, totals=None):
    """Schools `ns` through the district, 形式审查 and the experts (sheets of the school rubric;
    `totals`: one (A1, A2, B1, B2) per school), waiting at 市局决定."""
    from workflows.engine import services
    from workflows.engine.experts import selectors as panels
    from workflows.engine.experts.draw import draw_panel
    from workflows.engine.experts.seats import accept_pledge
    from workflows.engine.scoring.services import close_scoring, save_draft, submit_sheet

    items = through_district(acc, ns)
    for item in items:
        services.approve_task(task=open_task(item), by=acc.city.city)
    panel = draw_panel(items=items, size=3, by=acc.city.city)
    for seat in panels.seats_of(panel):
        accept_pledge(seat=seat, by=seat.expert.user)
        for n, item in enumerate(items):
            a1, a2, b1, b2 = (totals or {}).get(n, (18, 18, 9, 36))
            save_draft(item=item, by=seat.expert.user, lines={"A1": {"score": a1}, "A2": {"score": a2},
                                                             "B1": {"score": b1}, "B2": {"score": b2}})
            submit_sheet(item=item, by=seat.expert.user)
    for item in items:
        close_scoring(item=item, by=acc.city.city)
    items = [reload(item) for item in items]
    assert {item.status for item in items} == {S.CITY_DECISION}
    return items
