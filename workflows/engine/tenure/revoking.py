"""撤销: the owning department's head revokes an active tenure, with a reason and a numbered
decision (文号). The same end comes from a rule (reports: repeated 不合格) and a failed 复核
(reassessment): `revoke_locked` is their one way to it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workflows.engine.envelope import service
from workflows.engine.tenure import documents, records, rules
from workflows.engine.tenure.models import Tenure, TenureState

REASON_MAX = 2000


@service
def revoke_tenure(*, tenure, by, reason: str) -> Tenure:
    """Revoke `tenure` (撤销). 404 unseen; 403 unless a head of the owning department; 400 without
    a reason; 409 when it is no longer active or someone else is changing it now."""
    tenure = rules.tenure_for(by, tenure)
    rules.check_department(by, tenure, heads_only=True)
    reason = check_reason(reason)
    tenure = records.locked(tenure)
    rules.check_active(tenure)
    return revoke_locked(tenure, by=by, reason=reason, action="tenure_revoked")


def check_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("撤销必须填写理由。"), code="required")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": ValidationError(_("理由不能超过%(n)s个字。") % {"n": REASON_MAX},
                                                         code="max_length")})
    return reason


def revoke_locked(tenure, *, by, reason: str, action: str, **data) -> Tenure:
    """End a locked, active tenure as revoked with its 文号; the document pieces are told."""
    document = documents.revocation_number(tenure, by=by, reason=reason)
    records.end(tenure, TenureState.REVOKED, by=by, reason=reason, document=document, action=action, **data)
    documents.after_revocation(tenure, by=by)
    return tenure
