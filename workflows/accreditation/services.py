"""The accreditation kind's services: its own fields around the engine's services, one transaction
each, keyword-only. What they refuse, with nothing written: a school the programme does not admit
(type, 公办/民办), a campaign outside its window (the dates said), a second live application of a
school in one campaign (the database's constraint behind the check), a self-assessment outside the
rubric's indicators or maxima, and a submission without every score or a required evidence slot."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workflows.accreditation.assessment import clean_self_assessment, missing_scores
from workflows.accreditation.flows import AccreditationFlow
from workflows.accreditation.models import LIVE_CONSTRAINT, Accreditation, AccreditationDetails, second_application
from workflows.accreditation.rules import live_application
from workflows.engine import services as engine
from workflows.engine.documents.lists import issue_list_document
from workflows.engine.envelope import pk_of
from workflows.engine.lists.models import ListAct
from workflows.engine.lists.step import act_on_list
from workflows.engine.start.kinds import missing_evidence, start_kind
from workflows.engine.start.rules import start_refusal

TEXT_MAX = 5000


def _text(name, value, label) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    if len(value) > TEXT_MAX:
        raise ValidationError({name: ValidationError(_("%(label)s不能超过%(max)s个字。") % {"label": label, "max": TEXT_MAX},
                                                     code="max_length")})
    return value


@transaction.atomic
def accreditation_create(*, organisation, owner_department, by, title: str, campaign, summary: str = "",
                         features: str = "", self_assessment=None) -> Accreditation:
    """A draft application of `organisation` in `campaign` (发起申报): refused unless `by` may start
    it there now (workflows.engine.start.rules, with this kind's second_live_refusal)."""
    refusal = start_refusal(by, start_kind(Accreditation.KIND), campaign, organisation)
    if refusal is not None:
        raise refusal
    if owner_department.pk != campaign.owner_department_id:
        raise ValidationError(_("申报的主管处室必须是申报批次的主管处室。"), code="invalid")
    fields = {"summary": _text("summary", summary, _("申报摘要")) or "",
              "features": _text("features", features, _("办学特色")) or "",
              "self_assessment": clean_self_assessment(campaign, self_assessment)}
    item = engine.create_item(flow_class=AccreditationFlow, organisation=organisation,
                              owner_department=owner_department, by=by, title=title)
    try:
        with transaction.atomic():  # a concurrent start of the same school passed the check too
            AccreditationDetails.objects.create(item=item, campaign=campaign, organisation=organisation, **fields)
    except IntegrityError as exc:
        if LIVE_CONSTRAINT in str(exc):
            raise second_application(organisation) from None
        raise
    return item


def second_live_refusal(campaign, organisation):
    """The kind's start refusal (StartKind.refusal, read by start_refusal): the school's live
    application in `campaign`, named, when it has one."""
    existing = live_application(campaign, organisation)
    return second_application(organisation, existing.item.as_kind()) if existing is not None else None


def accreditation_changes(*, summary=None, features=None, self_assessment=None):
    """The kind's fields as an `apply_changes(item)` (edit_item, resubmit_item): the names changed.
    The self-assessment is checked against the item's campaign's rubric."""
    summary, features = _text("summary", summary, _("申报摘要")), _text("features", features, _("办学特色"))

    def apply_changes(item):
        details = AccreditationDetails.objects.select_related("campaign__programme").get(item=item)
        values = {"summary": summary, "features": features,
                  "self_assessment": (clean_self_assessment(details.campaign, self_assessment)
                                      if self_assessment is not None else None)}
        changed = [name for name, value in values.items() if value is not None and getattr(details, name) != value]
        for name in changed:
            setattr(details, name, values[name])
        if changed:
            details.save(update_fields=changed)
        return changed

    return apply_changes


def accreditation_update(*, item, by, title=None, summary=None, features=None, self_assessment=None,
                         expected_version=None):
    """保存草稿 (or a returned application's edit): only its submitter, only while editable."""
    return engine.edit_item(item=item, by=by, title=title, expected_version=expected_version,
                            apply_changes=accreditation_changes(summary=summary, features=features,
                                                                self_assessment=self_assessment))


@transaction.atomic
def accreditation_submit(*, item, by):
    """提交: into the campaign's open window (refused after the close, with the dates), with every
    indicator self-assessed and every required evidence slot of the programme filled."""
    details = AccreditationDetails.objects.select_related("campaign__programme").get(item=pk_of(item))
    application = Accreditation.objects.get(pk=details.item_id)
    missing = missing_scores(details.campaign, details.self_assessment)
    if missing:
        raise ValidationError({"self_assessment": ValidationError(
            _("提交前请填写以下指标的自评得分：%(names)s。") % {"names": _("、").join(missing)}, code="required")})
    files = missing_evidence(application)
    if files:
        raise ValidationError(_("提交前请上传以下申报材料：%(slots)s。") % {"slots": _("、").join(str(f) for f in files)},
                              code="evidence_required")
    return engine.submit_item(item=details.item_id, by=by, flow_class=AccreditationFlow, campaign=details.campaign,
                              deadline_owner=details.campaign)


def accreditation_recommend(*, items, by, comment: str = ""):
    """区县推荐: the district head's ranked list (within the district's seats in the campaign)."""
    return act_on_list(step=AccreditationFlow.district_recommend, items=items, by=by, comment=comment)


def accreditation_decide(*, items, by, comment: str = ""):
    """市局决定: the department head's list within the campaign's total, ranked by score (the step's
    own order: flows.ranked_by_score)."""
    return act_on_list(step=AccreditationFlow.city_decision, items=items, by=by, comment=comment)


def approval_document(*, list_act, by, title: str = ""):
    """认定 document (e.g. 沈教发〔2026〕12号) of a decision list after its 公示: the schools still on it,
    in rank order, under the programme's document type (its prefix is data)."""
    list_act = ListAct.objects.select_related("campaign__programme__doc_type").get(pk=pk_of(list_act))
    programme = list_act.campaign.programme
    # Every member approved: Accreditation.list_document_refusal, asked by issue_list_document.
    if programme.doc_type_id is None:
        raise ValidationError(_("申报项目“%(programme)s”未设置发文类型（文号前缀），请先在项目中设置。") % {
            "programme": programme.name}, code="doc_type_missing")
    verb = _("评定") if programme.outcome == "graded" else _("认定")
    return issue_list_document(
        list_act=list_act, doc_type=programme.doc_type.code, by=by,
        title=title or _("关于%(verb)s%(year)s年度%(programme)s的决定") % {
            "verb": verb, "year": programme.year, "programme": programme.name},
        opening=_("经学校申报、区县审核推荐、市局形式审查、专家评审和社会公示，决定%(verb)s以下学校为%(programme)s：") % {
            "verb": verb, "programme": programme.name},
        closing=_("请各校珍惜荣誉，发挥示范引领作用。"))
