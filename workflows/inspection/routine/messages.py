"""What 常态督导 tells people, through notifications' write-only API, in the act's transaction (the
outbox). Its kinds of message are registered here, as the engine's are (message_kinds.py); this
module is imported by the inspection app's ready(). Keys: "routine:..." — a visit reminder's key
names the school, the month and the 督学, so the daily beat sends it once per school per month."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import api
from notifications.api import register_kind
from workflows.inspection.routine import rules

VISIT_DUE = register_kind("routine_visit_due", _("常态督导提醒"), headline=_("本月尚未督导：%(title)s"), order=60)
NOTICE_ISSUED = register_kind("rectification_issued", _("整改通知书"), headline=_("整改通知书：%(title)s"), order=61)
NOTICE_REPORTED = register_kind("rectification_reported", _("整改报告"), headline=_("学校已提交整改报告：%(title)s"),
                                order=62)
NOTICE_RETURNED = register_kind("rectification_returned", _("整改报告退回"),
                                headline=_("整改报告被退回，请重新报告：%(title)s"), order=63)
NOTICE_ACCEPTED = register_kind("rectification_accepted", _("整改已确认"), headline=_("整改已确认：%(title)s"),
                                order=64)


def notice_link(notice) -> str:
    return reverse("routine:notice", args=[notice.pk])


def notice_params(notice, **extra) -> dict:
    return {"notice": notice.pk, "title": notice.title, "number": notice.document.number_text,
            "school": notice.school.name, "due_at": notice.due_at.isoformat(), **extra}


def remind_unvisited(*, inspector, school, month: str) -> int:
    """The 责任督学 hears that `school` has had no visit in `month` ("2026-12"): once per month."""
    key = f"routine:visit-due:{school.pk}:{month}:{inspector.pk}"
    return api.notify_many(recipients={key: inspector}, kind=VISIT_DUE, target=school,
                           params={"title": school.name, "school": school.pk, "month": month},
                           link=reverse("routine:visit-new") + f"?school={school.pk}")


def _heads(notice, what: str) -> dict:
    return {f"routine:notice:{notice.pk}:r{notice.round}:{what}:{user.pk}": user
            for user in rules.heads_of(notice.school_id)}


def tell_school(notice, kind, what: str, **extra) -> int:
    """The school's heads hear of the notice (issued, returned, accepted)."""
    return api.notify_many(recipients=_heads(notice, what), kind=kind, target=notice,
                           params=notice_params(notice, **extra), link=notice_link(notice))


def tell_inspector(notice, report) -> int:
    """The zone's 责任督学 hears that the school has reported."""
    inspector = notice.zone.inspector
    key = f"routine:notice:{notice.pk}:r{report.round}:reported:{inspector.pk}"
    return api.notify_many(recipients={key: inspector}, kind=NOTICE_REPORTED, target=notice,
                           params=notice_params(notice, late=report.late), link=notice_link(notice))
