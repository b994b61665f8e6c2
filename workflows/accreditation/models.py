"""The accreditation kind's models: its Item proxy and its own table, one row per application.

A school applies in a campaign (申报批次) of a programme (申报项目, workflows.programmes): the
programme says who may apply, the rubric the experts score, the optional stages, the 公示 length,
the validity and the evidence slots; the application carries its own text and the school's
self-assessment (自评) per indicator of that rubric.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _

from workflows.accreditation.assessment import indicators_of
from workflows.engine.models import Item
from workflows.engine.scoring.models import ScoringResult
from workflows.programmes.models import Outcome

LIVE_CONSTRAINT = "accreditation_one_live_per_school_campaign"


class Accreditation(Item):
    KIND = "accreditation"
    REF_PREFIX = "RD"
    # Search, filters and the list steps find an item's campaign through its details.
    CAMPAIGN_LOOKUP = "accreditation__campaign"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        DISTRICT_REVIEW = "district_review", _("区县审核中")
        DISTRICT_RECOMMEND = "district_recommend", _("区县推荐中")
        FORMAL_REVIEW = "formal_review", _("形式审查中")
        EXPERT_REVIEW = "expert_review", _("专家评审中")
        ONSITE_VISIT = "onsite_visit", _("实地考察中")
        DEFENCE = "defence", _("答辩中")
        CITY_DECISION = "city_decision", _("市局决定中")
        NOTICE = "notice", _("公示中")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("已认定")
        REJECTED = "rejected", _("已驳回")
        WITHDRAWN = "withdrawn", _("已撤回")
        LAPSED = "lapsed", _("逾期未重新提交")

    EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
    # An application in one of these no longer holds the school's place in its campaign: the
    # school may apply again (AccreditationDetails' constraint counts only the others).
    ENDED_STATUSES = frozenset({Status.WITHDRAWN, Status.REJECTED, Status.LAPSED})

    class Meta:
        proxy = True
        verbose_name = _("学校认定申报")
        verbose_name_plural = _("学校认定申报")

    def details(self) -> "AccreditationDetails | None":
        return (AccreditationDetails.objects.filter(item=self).select_related("campaign__programme").first())

    def snapshot_fields(self) -> dict:
        details = self.details()
        if details is None:
            return super().snapshot_fields()
        return {
            **super().snapshot_fields(),
            "campaign": str(details.campaign),
            "summary": details.summary,
            "features": details.features,
            "self_assessment": details.self_assessment_text(),
        }

    @classmethod
    def snapshot_labels(cls) -> dict:
        return {**super().snapshot_labels(), "campaign": str(_("申报批次")), "summary": str(_("申报摘要")),
                "features": str(_("办学特色")), "self_assessment": str(_("自评得分"))}

    def status_moved(self, from_status: str) -> None:
        """advance()'s hook: keep the details' copy of the status, which the one-live-application
        constraint reads (a partial unique index sees only its own table's columns). Reopening a
        withdrawn application while the school has started another is refused here."""
        try:
            with transaction.atomic():
                AccreditationDetails.objects.filter(item=self).update(item_status=self.status)
        except IntegrityError:
            raise second_application(self.organisation) from None

    def document_line(self) -> str:
        """How the 认定 document names it: the school, with its grade for a graded programme."""
        grade = self.grade()
        return _("%(school)s（%(grade)s）") % {"school": self.organisation.name, "grade": grade} if grade \
            else self.organisation.name

    def notice_line(self) -> dict:
        """What the 公示 shows as the result: the grade for a graded programme (拟评定为三星)."""
        grade = self.grade()
        return {"result": _("拟评定为%(grade)s") % {"grade": grade}} if grade else {}

    @classmethod
    def list_document_refusal(cls, items) -> str | None:
        """The engine's list-document hook: a 认定 document names only approved schools, so a
        list with a member still in 公示 (an objection open) or sent back waits (whichever page or
        API issues it)."""
        waiting = list(items.exclude(status=cls.Status.APPROVED).order_by("ref_no").values_list("ref_no", flat=True))
        if waiting:
            return gettext("名单上以下事项尚未认定：%(refs)s；待其公示异议处理完毕后再发文。") % {
                "refs": gettext("、").join(waiting)}
        return None

    def grade(self) -> str:
        """A graded programme's outcome (幼儿园星级评定: 五星 … 一星): the band its latest expert-review
        result fell in, data of the rubric (its GradeBand rows), never of the code; "" when the
        programme is not graded or nothing was scored yet."""
        details = self.details()
        if details is None or details.campaign.programme.outcome != Outcome.GRADED:
            return ""
        result = ScoringResult.objects.filter(item=self).order_by("-closed_at", "-pk").first()
        return result.band if result is not None else ""


def second_application(school, existing=None) -> ValidationError:
    """The refusal of a second live application (`existing`: the one the school has, when known):
    what the constraint below raises as, whether the start or a reopening hit it."""
    held = gettext("（%(ref)s，%(status)s）") % {"ref": existing.ref_no, "status": existing.status_label} \
        if existing else ""
    return ValidationError(gettext("%(school)s在本批次已有一份申报%(held)s，同一批次每校只能有一份有效申报；"
                                   "如需重新申报，请先撤回原申报。") % {"school": school, "held": held},
                           code="duplicate")


class AccreditationDetails(models.Model):
    """The application's own fields, one row per item.

    `organisation` and `item_status` repeat the item's: PostgreSQL's (and SQLite's) partial unique
    index is what makes "one live application per school per campaign" hold under concurrent
    starts, and an index sees only its own table. Accreditation.status_moved keeps `item_status`
    equal to the item's status on every move (advance() is the one way a status changes)."""

    item = models.OneToOneField(Item, on_delete=models.PROTECT, primary_key=True, related_name="accreditation")
    campaign = models.ForeignKey("workflows.Campaign", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("申报批次"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("申报学校"))
    item_status = models.CharField(_("事项状态"), max_length=30, default=Accreditation.Status.DRAFT, editable=False)
    # A renewal (续期) of an accreditation: outside the one-live rule, as its holder is approved.
    renewal_of = models.ForeignKey(Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("续期自"))
    summary = models.TextField(_("申报摘要"), blank=True)
    features = models.TextField(_("办学特色"), blank=True)
    # {indicator code: {"score": "18.5", "note": "…"}} over the leaves of the programme's rubric;
    # checked against each indicator's max by workflows.accreditation.assessment.
    self_assessment = models.JSONField(_("自评得分"), default=dict, blank=True)

    class Meta:
        verbose_name = _("学校认定申报内容")
        verbose_name_plural = _("学校认定申报内容")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "campaign"], name=LIVE_CONSTRAINT,
                condition=Q(renewal_of__isnull=True) & ~Q(item_status__in=sorted(Accreditation.ENDED_STATUSES)),
                violation_error_message=_("该学校在本批次已有一份申报。")),
        ]

    def __str__(self):
        return f"{self.item_id} · {self.campaign_id}"

    def self_assessment_text(self) -> str:
        """The self-assessment, one line per indicator of the rubric in its order ("A1 校舍：18（说明）"),
        as the item page shows it and the reviewer compares one submission with the last."""
        lines = []
        for spec in indicators_of(self.campaign):
            entry = self.self_assessment.get(spec.code)
            if entry:
                note = _("（%(note)s）") % {"note": entry["note"]} if entry.get("note") else ""
                lines.append(f"{spec.code} {spec.name}：{entry.get('score') or '—'}{note}")
        return "\n".join(lines)
