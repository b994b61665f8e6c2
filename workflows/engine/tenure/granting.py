"""An approved item begins its tenure: the hook a kind's flow calls where approval ends it,

    approved = Finish(status=S.APPROVED, title=_("通过"), then=begin_tenure)

(or a kind's own `then` that passes its programme). In the approving act's transaction: the
terms of the kind and programme say how the tenure lives (reminders, reports, revocation; data);
no terms, no tenure. Its length is the programme's 有效期, which its department sets each year on
the programme's form, when the item has a programme; the terms' validity is the default for kinds
without one. A
renewal's approval continues the tenure it renews: that one ends as renewed, and the new term
starts the day after it ends (or today, if it has already expired). The new tenure's certificate
is issued in the same transaction (workflows.engine.certificates.issuing)."""

import datetime

from workflows.engine.certificates.issuing import issue_certificate
from workflows.engine.envelope import pk_of
from workflows.engine.models import Item
from workflows.engine.tenure import records, rules
from workflows.engine.tenure.models import Tenure, TenureState


def begin_tenure(item, *, programme=None, starts_on: datetime.date | None = None) -> Tenure | None:
    """The item's tenure from `starts_on` (default today) for its programme's validity (else its
    terms'); None when the kind has no terms. Granting an item that already has an active tenure
    returns that one."""
    programme_code = programme.code if programme is not None else ""
    item = Item.objects.get(pk=pk_of(item)) if not isinstance(item, Item) else item
    current = Tenure.objects.filter(item=item, state=TenureState.ACTIVE).first()
    if current is not None:
        return current
    terms = rules.terms_for(item.kind, programme_code)
    if terms is None:
        return None
    years = programme.validity_years if programme is not None else terms.validity_years
    starts_on = starts_on or rules.today()
    renewed = Tenure.objects.filter(renewal_item=item).select_related("item__owner_department", "item__submitter",
                                                                      "terms").first()
    if renewed is not None:
        renewed = records.locked(renewed)
        if renewed.state == TenureState.ACTIVE:
            starts_on = max(starts_on, renewed.valid_until + datetime.timedelta(days=1))
    tenure = Tenure.objects.create(item=item, terms=terms, starts_on=starts_on,
                                   valid_until=rules.valid_until(starts_on, years),
                                   renews=renewed)
    records.audit("tenure_granted", tenure, starts_on=starts_on.isoformat(),
                  valid_until=tenure.valid_until.isoformat(), terms=terms.pk,
                  renews=renewed.pk if renewed else None)
    issue_certificate(tenure, programme_code=programme_code)
    if renewed is not None and renewed.state == TenureState.ACTIVE:
        records.end(renewed, TenureState.RENEWED, action="tenure_renewed", successor=tenure.pk)
    return tenure
