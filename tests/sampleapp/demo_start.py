"""The demo piece of 发起申报: an open 新优质均衡学校 campaign (this term, with seats for every
district), so that a demo school head can start an application, save it and submit it."""

from datetime import timedelta

from django.utils import timezone

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo_guide import Try
from core.orgs.models import Ownership
from tests.sampleapp.start import SAMPLE, SCHOOL_TYPES
from workflows.engine.lists.campaign_models import Campaign
from workflows.programmes.models import Programme


def seed_campaign() -> list[Try]:
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    if department is None:
        return []
    now = timezone.now()
    programme, _created = Programme.objects.get_or_create(
        code="sample-new-quality", year=timezone.localdate().year,
        defaults={"kind": SAMPLE.code, "name": "新优质均衡学校（示例申报）", "owner_department": department,
                  "school_types": list(SCHOOL_TYPES), "ownerships": [Ownership.PUBLIC, Ownership.PRIVATE],
                  "total_quota": 50})
    Campaign.objects.get_or_create(
        programme=programme, name=f"{timezone.localdate().year}年度（演示）",
        defaults={"owner_department": department, "opens_at": now - timedelta(days=1),
                  "closes_at": now + timedelta(days=60), "total_quota": 50},
    )
    eligible = SCHOOL_TYPES
    grant = (RoleGrant.objects.active().filter(role=Role.SCHOOL_HEAD, organisation__kind=OrgKind.SCHOOL,
                                               organisation__school_type__in=eligible)
             .select_related("user").order_by("organisation__path").last())
    if grant is None:
        return []
    return [Try(grant.user.username, "打开「发起申报」，在开放的批次里新建一份申报：保存草稿、上传材料，再回到「我的草稿」提交。")]
