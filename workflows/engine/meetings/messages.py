"""What a meeting tells its participants, through notifications' write-only API, in the act's
transaction (email too: each kind's default is an instant email; the template is
templates/notifications/email/meeting.{txt,html}). Keys: "meeting:<id>:r<revision>:...", so a
rescheduled meeting tells and reminds afresh, and the daily beat never sends one stage twice."""

from django.utils import formats, timezone

from notifications import api
from workflows.engine import message_kinds as kinds
from workflows.engine.notify import item_link

TEMPLATE = "meeting"


def _params(meeting, **extra) -> dict:
    item = meeting.item
    return {"item": item.pk, "ref_no": item.ref_no, "title": item.title, "meeting": meeting.pk,
            "meeting_title": meeting.title, "starts_at": meeting.starts_at.isoformat(),
            "when": formats.date_format(timezone.localtime(meeting.starts_at), "Y-m-d H:i"),
            "place": meeting.place, **extra}


def _tell(meeting, kind, what: str, **extra) -> int:
    people = {f"meeting:{meeting.pk}:r{meeting.revision}:{what}:{seat.user_id}": seat.user
              for seat in meeting.participants.select_related("user")}
    return api.notify_many(recipients=people, kind=kind, target=meeting.item, template=TEMPLATE,
                           params=_params(meeting, **extra), link=item_link(meeting.item))


def tell_scheduled(meeting) -> int:
    return _tell(meeting, kinds.MEETING_SCHEDULED, "scheduled")


def tell_rescheduled(meeting, change) -> int:
    old = formats.date_format(timezone.localtime(change.old_starts_at), "Y-m-d H:i")
    return _tell(meeting, kinds.MEETING_RESCHEDULED, "rescheduled", reason=change.reason, old_when=old,
                 old_place=change.old_place)


def tell_cancelled(meeting) -> int:
    return _tell(meeting, kinds.MEETING_CANCELLED, "cancelled", reason=meeting.cancel_reason, cancelled=True)


def remind(meeting, *, days: int) -> int:
    return _tell(meeting, kinds.MEETING_REMINDER, f"remind:{days}", days=days)
