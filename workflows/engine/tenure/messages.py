"""What life after approval tells the holder, through notifications' write-only API, in the act's
transaction. Keys: "tenure:<id>:..."; a reminder's key names the end date and the offset, so the
daily beat never sends one twice and a renewed term (a new tenure) reminds afresh."""

from django.utils.translation import gettext_noop

from notifications import api

from workflows.engine import message_kinds as kinds
from workflows.engine.notify import item_link


def _params(tenure, **extra) -> dict:
    item = tenure.item
    return {"item": item.pk, "ref_no": item.ref_no, "title": item.title, "tenure": tenure.pk,
            "valid_until": tenure.valid_until.isoformat(), **extra}


def remind_expiry(tenure, *, days: int) -> int:
    """The holder hears, once per offset, that the tenure ends in `days` days (the offset's stage)."""
    item = tenure.item
    key = f"tenure:{tenure.pk}:{tenure.valid_until.isoformat()}:remind:{days}:{item.submitter_id}"
    return api.notify_many(recipients={key: item.submitter}, kind=kinds.TENURE_EXPIRING, target=item,
                           params=_params(tenure, days=days), link=item_link(item))


def tell_ended(tenure) -> None:
    """The holder hears that the tenure was revoked or has expired (and why)."""
    item = tenure.item
    api.notify(key=f"tenure:{tenure.pk}:{tenure.state}:{item.submitter_id}", recipient=item.submitter,
               kind=kinds.TENURE_ENDED, target=item,
               params=_params(tenure, state=tenure.state, reason=tenure.end_reason), link=item_link(item))


def remind_report(tenure, *, year: int, days: int, deadline) -> int:
    """The holder hears, once per offset, that the year's report is owed by `deadline`."""
    item = tenure.item
    key = f"tenure:{tenure.pk}:report:{year}:remind:{days}:{item.submitter_id}"
    return api.notify_many(recipients={key: item.submitter}, kind=kinds.TENURE_REPORT_DUE, target=item,
                           params=_params(tenure, year=year, days=days, deadline=deadline.isoformat(),
                                          happened=gettext_noop("本年度总结尚未提交")),
                           link=item_link(item))


def escalate_report(tenure, *, year: int, head, deadline) -> int:
    """`head` (the head above the holder) hears, once a year, that the report is still not filed."""
    item = tenure.item
    key = f"tenure:{tenure.pk}:report:{year}:escalate:{head.pk}"
    return api.notify_many(recipients={key: head}, kind=kinds.TENURE_REPORT_ESCALATED, target=item,
                           params=_params(tenure, year=year, deadline=deadline.isoformat(),
                                          by=item.submitter.get_full_name() or item.submitter.username,
                                          happened=gettext_noop("%(by)s尚未提交本年度总结")),
                           link=item_link(item))
