"""复核: the owning department re-assesses an active tenure — opens one with its reason, then
records the outcome: confirmed (the tenure goes on) or failed (revoked, with its 文号). One open
re-assessment per tenure (a constraint)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.tenure import records, rules
from workflows.engine.tenure.models import Reassessment, ReassessmentOutcome
from workflows.engine.tenure.revoking import revoke_locked


@service
def open_reassessment(*, tenure, by, reason: str) -> Reassessment:
    tenure = rules.tenure_for(by, tenure)
    rules.check_department(by, tenure)
    reason = _required(reason, "reason", _("请填写复核事由。"))
    tenure = records.locked(tenure)
    rules.check_active(tenure)
    if Reassessment.objects.filter(tenure=tenure, outcome=ReassessmentOutcome.OPEN).exists():
        raise InvalidState(_("该认定已在复核中。"))
    reassessment = Reassessment.objects.create(tenure=tenure, reason=reason, opened_by=by)
    records.audit("tenure_reassessment_opened", tenure, by, comment=reason, reassessment=reassessment.pk)
    return reassessment


@service
def record_reassessment(*, reassessment, by, outcome: str, note: str) -> Reassessment:
    """Close an open re-assessment as confirmed or failed (a failed one revokes the tenure)."""
    found = Reassessment.objects.filter(pk=pk_of(reassessment)).values_list("tenure_id", flat=True).first()
    if found is None:
        raise NotFound(_("未找到该认定，或您无权查看。"))
    tenure = rules.tenure_for(by, found)
    rules.check_department(by, tenure)
    if outcome not in (ReassessmentOutcome.CONFIRMED, ReassessmentOutcome.FAILED):
        raise ValidationError({"outcome": ValidationError(_("请选择复核结果：通过或不通过。"), code="invalid")})
    note = _required(note, "note", _("请填写复核意见。"))
    tenure = records.locked(tenure)
    reassessment = Reassessment.objects.get(pk=pk_of(reassessment))
    if reassessment.outcome != ReassessmentOutcome.OPEN:
        raise InvalidState(_("该复核已有结果（%(outcome)s）。") % {"outcome": reassessment.get_outcome_display()})
    rules.check_active(tenure)
    reassessment.outcome, reassessment.note = outcome, note
    reassessment.closed_by, reassessment.closed_at = by, timezone.now()
    reassessment.save(update_fields=["outcome", "note", "closed_by", "closed_at"])
    records.audit("tenure_reassessed", tenure, by, comment=note, reassessment=reassessment.pk, outcome=outcome)
    if outcome == ReassessmentOutcome.FAILED:
        revoke_locked(tenure, by=by, reason=_("复核不通过：%(note)s") % {"note": note}, action="tenure_revoked",
                      rule="reassessment", reassessment=reassessment.pk)
    return reassessment


def _required(text, field, message) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(message, code="required")})
    return text
