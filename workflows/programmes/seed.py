"""The programmes of 沈阳市教育局2021年工作要点 (沈教发〔2021〕1号, ../shared/seed), as data a fresh city
starts from: `seed_programmes()` installs those missing (by code and year) as the system, with the
seed's quotas where it names one. The demo runs it (`manage.py seed_programmes`, and the demo piece
workflows/demo/programmes.py); a department then edits them on its pages and copies them into
later years (复制上一年度).

Where the seed is silent, these are our reading, for the department to correct: the owning
department (学前教育处 for the kindergartens, 基础教育处 for the rest: the demo city has no separate
信息化 office), who may apply, the optional stages, the validity (three years, as the kindergarten
stars are re-rated every three years). They run as the accreditation kind ("accreditation"), which
becomes startable when that kind is registered for 发起申报.
"""

from dataclasses import dataclass, field

from django.db import transaction

from core.docnumbers.models import DocumentType
from core.orgs.models import Organisation, Ownership, SchoolType
from core.orgs.roles import OrgKind
from workflows.programmes.models import Outcome, Programme, ProgrammeKind
from workflows.programmes.services import install_programme

YEAR = 2021
COMPULSORY = (SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.NINE_YEAR)
SCHOOLS = COMPULSORY + (SchoolType.SENIOR, SchoolType.VOCATIONAL, SchoolType.SPECIAL)
BOTH = (Ownership.PUBLIC, Ownership.PRIVATE)


@dataclass(frozen=True)
class Seeded:
    code: str
    name: str
    department: str  # the department's code in the demo city (core.orgs.demo_data.DEPARTMENTS)
    school_types: tuple
    total_quota: int | None = None
    ownerships: tuple = BOTH
    outcome: str = Outcome.PASS_FAIL
    onsite_visit: bool = False
    defence: bool = False
    slots: tuple = field(default=())


KINDERGARTEN_SLOTS = (
    {"code": "self-rating", "name": "幼儿园自评报告", "required": True, "accepted": ["pdf", "word"]},
    {"code": "evidence", "name": "佐证材料（照片、制度文件）", "required": True, "accepted": []},
    {"code": "safety", "name": "近两年安全责任事故情况说明", "required": True, "accepted": ["pdf", "word"]},
)

PROGRAMMES_2021 = (
    Seeded("new-quality", "新优质均衡(示范)学校", "basic", COMPULSORY, 100, onsite_visit=True),
    Seeded("management-standard", "义务教育学校管理标准达标校", "basic", COMPULSORY, 150),
    Seeded("model-senior", "优质示范高中", "basic", (SchoolType.SENIOR,), 10, onsite_visit=True, defence=True),
    Seeded("feature-senior", "优质特色高中", "basic", (SchoolType.SENIOR,), 10, onsite_visit=True, defence=True),
    Seeded("teaching-reform", "教育教学改革典型校", "basic", (SchoolType.SENIOR,), 10, defence=True),
    Seeded("student-guidance", "学生发展指导典型校", "basic", (SchoolType.SENIOR,), 10, defence=True),
    Seeded("kindergarten-stars", "幼儿园星级评定", "preschool", (SchoolType.KINDERGARTEN,), outcome=Outcome.GRADED,
           onsite_visit=True, slots=KINDERGARTEN_SLOTS),
    Seeded("affordable-private-kindergarten", "普惠性民办园认定", "preschool", (SchoolType.KINDERGARTEN,),
           ownerships=(Ownership.PRIVATE,), onsite_visit=True, slots=KINDERGARTEN_SLOTS),
    Seeded("science-innovation", "市级科技创新教育特色学校", "basic", COMPULSORY + (SchoolType.SENIOR,)),
    Seeded("labour-education", "劳动教育特色学校", "basic", SCHOOLS),
    Seeded("patriotic-education", "爱国主义教育示范校", "basic", SCHOOLS),
    Seeded("curriculum-reform", "义务教育课程改革达标校/先进校", "basic", COMPULSORY, outcome=Outcome.GRADED),
    Seeded("smart-education", "智慧教育标杆学校", "basic", SCHOOLS),
)


@transaction.atomic
def seed_programmes(year: int = YEAR) -> list[Programme]:
    """Install the seed's programmes for `year` that are missing; returns those written. A
    programme whose department the city lacks is left out."""
    departments = {org.code: org for org in Organisation.objects.filter(kind=OrgKind.DEPARTMENT)}
    existing = set(Programme.objects.filter(year=year).values_list("code", flat=True))
    decision = DocumentType.objects.filter(code="decision", is_active=True).first()
    made = []
    for seeded in PROGRAMMES_2021:
        department = departments.get(seeded.department)
        if seeded.code in existing or department is None:
            continue
        extra = {"slots": seeded.slots} if seeded.slots else {}
        made.append(install_programme(
            department=department, kind=ProgrammeKind.ACCREDITATION, code=seeded.code, year=year, name=seeded.name,
            school_types=list(seeded.school_types), ownerships=list(seeded.ownerships), outcome=seeded.outcome,
            total_quota=seeded.total_quota, onsite_visit=seeded.onsite_visit, defence=seeded.defence,
            doc_type=decision, **extra))
    return made
