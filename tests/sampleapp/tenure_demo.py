"""Life after approval in the demo city: four accredited items of one school in the last district,
approved through the sample AccreditationFlow by the district's and the department's reviewers,
with the sample kind's terms (3 years, reminders 90 and 30 days, the annual window 11-01…12-31,
two 不合格 revoke, a renewal skips the district's review). Their tenures are then moved back in
time as if approved years ago — one still active, one expiring within 90 days (renewable), one
past its end and expired by the beat's own service, one revoked by the department's head with its
reason and 文号. Idempotent: nothing is written when the demo's tenures exist already."""

import datetime

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
from workflows.engine.models import Item
from workflows.engine.tenure import rules
from workflows.engine.tenure.expiry import expire_tenure
from workflows.engine.tenure.models import Tenure, TermsPolicy
from workflows.engine.tenure.revoking import revoke_tenure

TITLE = "（演示）"
# (title, the first day of its term in days before today): 3-year terms.
LIVES = [("新优质学校认定", 200), ("劳动教育特色学校认定", 3 * 365 - 45), ("科技特色学校认定", 3 * 365 + 20),
         ("体育特色学校认定", 400)]


def _terms() -> TermsPolicy:
    DocumentType.objects.get_or_create(code="revocation", defaults={"name": "撤销决定", "prefix": "沈教发"})
    rule = {"failures_to_revoke": 2, "renewal_skips": ["district_review"], "renewal_opens_days": 180}
    terms, created = TermsPolicy.objects.get_or_create(kind=SampleApplication.KIND, programme_code="", defaults={
        "name": "示例认定（有效期3年）", "validity_years": 3, "reminder_days": [90, 30], "report_opens": "11-01",
        "report_closes": "12-31", **rule})
    if not created:  # another demo piece wrote the kind's terms first: add the rules these tenures show
        TermsPolicy.objects.filter(pk=terms.pk).update(**rule)
        terms.refresh_from_db()
    return terms


def _approve(item, by):
    task = item.processes.get().task_set.get(flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"])
    services.approve_task(task=task, by=by, comment="同意。")


def _backdate(tenure, days: int) -> Tenure:
    starts_on = rules.today() - datetime.timedelta(days=days)
    Tenure.objects.filter(pk=tenure.pk).update(starts_on=starts_on,
                                               valid_until=rules.valid_until(starts_on, tenure.terms.validity_years))
    return Tenure.objects.get(pk=tenure.pk)


def _people():
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("-path").first()
    if department is None or district is None:
        return None
    school = next((s for s in district.subtree().filter(kind=OrgKind.SCHOOL).order_by("path")
                   if _holder(Role.SCHOOL_HEAD, s)), None)
    people = {"department": department, "school": school, "head": school and _holder(Role.SCHOOL_HEAD, school),
              "district": _holder(Role.DISTRICT_REVIEWER, district), "city": _holder(Role.CITY_REVIEWER, department),
              "city_head": _holder(Role.CITY_HEAD, department)}
    return people if all(people.values()) else None


@transaction.atomic
def seed_tenures(people) -> int:
    if Tenure.objects.filter(item__title__endswith=TITLE).exists():
        return 0
    terms = _terms()
    tenures = []
    for title, days in LIVES:
        item = sample_create(organisation=people["school"], owner_department=people["department"], by=people["head"],
                             title=f"{people['school'].name}{title}{TITLE}", summary="（演示数据）", pupils=900)
        services.submit_item(item=item, by=people["head"], flow_class=AccreditationFlow)
        _approve(Item.objects.get(pk=item.pk), people["district"])
        _approve(Item.objects.get(pk=item.pk), people["city"])
        tenures.append(_backdate(Tenure.objects.get(item=item, terms=terms), days))
    expire_tenure(tenure=tenures[2])
    revoke_tenure(tenure=tenures[3].pk, by=people["city_head"], reason="（演示）年度检查发现办学行为不规范，依规撤销认定。")
    return len(tenures)


def seed() -> list[Try]:
    """The demo piece: seeds the tenures and says what to try first."""
    people = _people()
    if people is None:
        return []
    seed_tenures(people)
    return [
        Try(people["city_head"].username, "打开「认定有效期」，勾选“只看即将到期”；进入一项认定，点“撤销认定”，"
                                          "填写理由并确认，回到事项页查看撤销记录和文号。"),
        Try(people["head"].username, "在「认定有效期」中打开本校即将到期的认定：提交年度总结（考核期内），再点“申请续期”。"),
        Try(people["city"].username, "在事项页的“认定有效期”中考核学校提交的年度总结，或发起复核。"),
    ]
