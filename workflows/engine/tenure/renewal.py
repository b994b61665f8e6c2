"""续期: the holder applies to renew an active tenure from the terms' number of days before its
end. The application is a new item of the same kind (same organisation and department), sent at
once into a new process of the item's own flow that passes over the steps the terms list
(`TermsPolicy.renewal_skips`, data; the flow says which of its steps may be skipped,
`BaseFlow.skippable`). Its approval begins the next tenure (granting.begin_tenure), and this one
ends as renewed; a rejected renewal leaves this one to expire."""

from django.utils.translation import gettext as _

from workflows.engine.envelope import service
from workflows.engine.exceptions import InvalidState
from workflows.engine.services.items import create_item, submit_item
from workflows.engine.tenure import records, rules
from workflows.engine.tenure.models import Tenure


def flow_of(item):
    """The flow the item was approved in (its latest process's)."""
    process = item.processes.order_by("-pk").first()
    if process is None:
        raise InvalidState(_("该事项没有审批流程，不能续期。"))
    return process.flow_class


@service
def renew_tenure(*, tenure, by, on=None) -> Tenure:
    """Apply to renew: 404 unseen, 403 not the holder, 409 not active, too early or applied already.
    Returns the tenure with its renewal item."""
    tenure = rules.tenure_for(by, tenure)
    rules.check_holder(by, tenure)
    tenure = records.locked(tenure)
    rules.check_renewable(tenure, on or rules.today())
    old = tenure.item.as_kind()
    flow_class = flow_of(old)
    item = create_item(flow_class=flow_class, organisation=old.organisation, owner_department=old.owner_department,
                       by=by, title=(_("%(title)s（续期）") % {"title": old.title})[:200])
    copy = getattr(flow_class, "copy_for_renewal", None)
    if copy is not None:
        copy(old, item)
    skip = [name for name in tenure.terms.renewal_skips if name in flow_class.skippable]
    submit_item(item=item, by=by, flow_class=flow_class, skip=skip)
    tenure.renewal_item = item
    tenure.save(update_fields=["renewal_item"])
    records.audit("tenure_renewal_applied", tenure, by, renewal_item=item.pk, ref_no=item.ref_no, skip=skip)
    return tenure
