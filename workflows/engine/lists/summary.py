"""推荐汇总表: a signed list act as the paper the district seals, and the stamped scan it uploads back.

    readable_lists(user)                  the list acts `user` may read (the rule, once)
    list_for(user, pk)                    one of them, else NotFound
    scan_refusal(user, list_act)          why `user` may not upload its scan, or ""
    summary_of(list_act)                  its ranked rows (school, district, score if any), the scan
    upload_scan(*, list_act, by, upload)  the stamped scan: one audited transaction

Who reads a list: the people of the organisation that signed it (its reviewing roles there) and
the staff of its campaign's owning department; anyone else is told it does not exist (404). Who
uploads the scan: the district's own people (区县负责人、经办人、审核员) of a list the district
signed; a reader who may not is 403. A scan is a PDF or an image, checked by content as every
upload is (files.uploads.check_upload); anything else is refused and nothing is written.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.orgs.models import RoleGrant
from core.orgs.roles import DEPARTMENT_ROLES, REVIEWING_ROLES, OrgKind, Role
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.files.attachments import save_upload
from workflows.engine.files.uploads import check_upload, extension_of
from workflows.engine.lists.models import ListAct, ListScan
from workflows.engine.locking import lock_row
from workflows.engine.scoring.models import ScoringResult

SCAN_EXTENSIONS = frozenset({"pdf", "png", "jpg", "jpeg"})
DISTRICT_UPLOADERS = frozenset({Role.DISTRICT_HEAD, Role.DISTRICT_STAFF, Role.DISTRICT_REVIEWER})


def readable_lists(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ListAct.objects.none()
    grants = RoleGrant.objects.active().filter(user=user)
    signing = grants.filter(role__in=REVIEWING_ROLES).values("organisation_id")
    department = grants.filter(role__in=DEPARTMENT_ROLES).values("organisation_id")
    return ListAct.objects.filter(Q(organisation_id__in=signing) | Q(campaign__owner_department_id__in=department))


def list_for(user, ref) -> ListAct:
    try:
        pk = int(pk_of(ref))
        if not 0 < pk < 2 ** 63:
            raise ValueError(pk)
        return readable_lists(user).select_related("organisation", "campaign__programme", "actor").get(pk=pk)
    except (ListAct.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到该名单，或您无权查看。")) from None


def scan_refusal(user, list_act) -> str:
    if list_act.organisation.kind != OrgKind.DISTRICT:
        return _("只有区县的推荐名单需要上传盖章扫描件。")
    held = RoleGrant.objects.active().filter(user=user, organisation_id=list_act.organisation_id,
                                             role__in=DISTRICT_UPLOADERS).exists()
    if not held:
        return _("只有%(district)s的工作人员可以上传该名单的盖章扫描件。") % {"district": list_act.organisation}
    return ""


@dataclass(frozen=True)
class SummaryRow:
    rank: int
    item: object
    school: object
    district: object
    score: object  # the latest confirmed scoring result's total, or None
    band: str
    ended: bool  # the member has left the list since (a return, a rejection): its seat is free


@dataclass(frozen=True)
class Summary:
    list_act: ListAct
    rows: list[SummaryRow]
    scan: ListScan | None

    @property
    def has_scores(self) -> bool:
        return any(row.score is not None for row in self.rows)


def summary_of(list_act) -> Summary:
    """The list's members in rank order with their schools and scores: three queries."""
    members = list(list_act.members.select_related("item__organisation__parent").order_by("rank"))
    results = {}
    for result in ScoringResult.objects.filter(item_id__in=[m.item_id for m in members]).order_by("item", "-closed_at"):
        results.setdefault(result.item_id, result)
    rows = []
    for member in members:
        school = member.item.organisation
        result = results.get(member.item_id)
        rows.append(SummaryRow(rank=member.rank, item=member.item, school=school, district=school.parent,
                               score=result.total if result else None, band=result.band if result else "",
                               ended=member.ended_at is not None))
    return Summary(list_act=list_act, rows=rows, scan=list_act.scans.select_related("uploaded_by").first())


@service
def upload_scan(*, list_act, by, upload) -> ListScan:
    """Store the stamped scan of `list_act` (a district's signed list) uploaded by `by`."""
    found = list_for(by, list_act)
    refusal = scan_refusal(by, found)
    if refusal:
        raise NotAllowed(refusal)
    if upload is None:
        raise ValidationError({"file": ValidationError(_("请选择盖章扫描件。"), code="scan_missing")})
    check_upload(upload)
    if extension_of(upload.name) not in SCAN_EXTENSIONS:
        raise ValidationError({"file": ValidationError(
            _("盖章扫描件只能是PDF或图片（JPG、PNG），“%(name)s”不是。") % {"name": upload.name},
            code="scan_type")})
    locked = lock_row(ListAct, found.pk)
    before = locked.scans.first()
    scan = save_upload(ListScan(list_act=locked, uploaded_by=by), upload)
    record_event(action="list_scan_uploaded", target=locked, actor=by, organisation=found.organisation,
                 data={"scan": scan.pk, "name": scan.name, "size": scan.size, "sha256": scan.sha256,
                       "replaces": before.pk if before else None})
    return scan
