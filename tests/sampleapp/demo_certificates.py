"""The demo piece of certificates (证书): a school's item through the sample accreditation flow
(tests/sampleapp/accredited.py), approved, so its tenure begins and its certificate is issued.
Idempotent: nothing is written once the demo certificate exists.

The verification code is kept only inside the PDF (the database has its hash), so the address
of the verify page is printed when the certificate is made; afterwards the PDF's QR code (or the
address under it) is the way in, as for any real holder."""

from django.db import transaction

from core.docnumbers.models import DocumentType
from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.accredited import AccreditationFlow
from tests.sampleapp.demo import _holder
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.services import sample_create
from workflows.engine import services
from workflows.engine.certificates.models import Certificate
from workflows.engine.reading.selectors import queue
from workflows.engine.tenure.models import TermsPolicy

TITLE_SUFFIX = "义务教育优质均衡示范校认定（演示证书）"


@transaction.atomic
def _issue_demo(school, department) -> str:
    """Approve the demo item through both reviews; returns the verify address, or "" if it could not."""
    head = _holder(Role.SCHOOL_HEAD, school)
    district_reviewer = _holder(Role.DISTRICT_REVIEWER, school.parent)
    city_reviewer = _holder(Role.CITY_REVIEWER, department)
    if not (head and district_reviewer and city_reviewer):
        return ""
    DocumentType.objects.get_or_create(code="revocation", defaults={"name": "撤销决定", "prefix": "沈教发"})
    TermsPolicy.objects.get_or_create(kind=SampleApplication.KIND, programme_code="",
                                      defaults={"name": "义务教育优质均衡示范校", "validity_years": 3,
                                                "reminder_days": [90, 30]})
    item = sample_create(organisation=school, owner_department=department, by=head,
                         title=f"{school.name}{TITLE_SUFFIX}", summary="（演示数据）", pupils=900)
    services.submit_item(item=item, by=head, flow_class=AccreditationFlow)
    for reviewer in (district_reviewer, city_reviewer):
        entry = next(entry for entry in queue(reviewer) if entry.item.pk == item.pk)
        services.approve_task(task=entry.task, by=reviewer, comment="同意认定。")
    return _url_in(Certificate.objects.get(item=item))


def _url_in(certificate) -> str:
    """The address its PDF's QR code carries (the code recomputed, as the renderer does)."""
    from workflows.engine.certificates.codes import code_of
    from workflows.engine.certificates.render import verify_url

    return verify_url(code_of(certificate))


def seed_certificates() -> list[Try]:
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    schools = district and [s for s in district.subtree().filter(kind=OrgKind.SCHOOL).order_by("path")
                            if _holder(Role.SCHOOL_HEAD, s)]
    if not (department and schools):
        return []
    school = schools[-1]
    url = ""
    if not Certificate.objects.filter(item__title__endswith=TITLE_SUFFIX).exists():
        url = _issue_demo(school, department)
    head = _holder(Role.SCHOOL_HEAD, school)
    if not Certificate.objects.filter(item__title__endswith=TITLE_SUFFIX).exists() or head is None:
        return []
    where = f"（本次生成的查验地址：{url}）" if url else ""
    return [Try(head.username, "打开「证书」，下载演示证书PDF，扫描二维码或打开其下方的网址：公开查验页（无需登录）"
                               f"显示「有效」；换一个地址试试，显示「未找到该证书」。{where}")]
