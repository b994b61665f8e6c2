"""What a notification says, in Chinese, for every channel (email, robot, digest, the inbox)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import conf
from notifications.kinds import headline_for, kind_label
from notifications.models import Notification


def subject_of(notification: Notification) -> str:
    return headline_for(notification.kind, title_of(notification))


def title_of(notification: Notification) -> str:
    params = notification.params or {}
    title = params.get("title") or ""
    ref_no = params.get("ref_no") or ""
    if title and ref_no:
        return _("%(title)s（%(ref)s）") % {"title": title, "ref": ref_no}
    return title or ref_no or kind_label(notification.kind)


def _shown(msgid) -> str:
    """A text the sender stored as its msgid (Chinese), in the reader's language."""
    return _(msgid) if msgid else ""


def details_of(notification: Notification) -> list[str]:
    """What happened and the comment that came with it, one line each, in the reader's language:
    "张三在“区县审核”退回了此事项", "退回理由：…", and a 抄送's note or an extension's reason."""
    params = notification.params or {}
    lines = []
    happened = params.get("happened")
    if happened:
        try:
            lines.append(_shown(happened) % {"by": params.get("by") or _("系统"),
                                            "step": _shown(params.get("decided_step"))})
        except (KeyError, TypeError, ValueError):  # a stored text that no longer fits: say it plainly
            lines.append(_shown(happened))
    if params.get("comment"):
        lines.append(_("%(label)s：%(text)s") % {"label": _shown(params.get("comment_label")) or _("意见"),
                                                "text": params["comment"]})
    if params.get("note"):
        lines.append(_("附言：%(text)s") % {"text": params["note"]})
    return lines


def absolute_link(link: str) -> str:
    if not link:
        return ""
    if link.startswith(("http://", "https://")):
        return link
    return conf.site_url() + "/" + link.lstrip("/")


def deadline_of(notification: Notification) -> datetime.datetime | None:
    raw = (notification.params or {}).get("deadline")
    if not raw:
        return None
    try:
        return timezone.localtime(datetime.datetime.fromisoformat(raw))
    except (TypeError, ValueError):
        return None


def context_of(notification: Notification) -> dict:
    """The template context shared by the email, digest and robot templates."""
    params = notification.params or {}
    deadline = deadline_of(notification)
    return {
        "notification": notification,
        "recipient": notification.recipient,
        "subject": subject_of(notification),
        "title": title_of(notification),
        "step": _shown(params.get("step")),
        "details": details_of(notification),
        "deadline": deadline,
        "overdue": deadline is not None and deadline < timezone.now(),
        "link": absolute_link(notification.link),
        "kind": kind_label(notification.kind),
        "created_at": timezone.localtime(notification.created_at),
    }
