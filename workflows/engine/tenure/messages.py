"""What life after approval tells the holder, through notifications' write-only API, in the act's
transaction. Keys: "tenure:<id>:..."; a reminder's key names the end date and the offset, so the
daily beat never sends one twice and a renewed term (a new tenure) reminds afresh."""

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
