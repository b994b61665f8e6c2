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
        "step": params.get("step", ""),
        "deadline": deadline,
        "overdue": deadline is not None and deadline < timezone.now(),
        "link": absolute_link(notification.link),
        "kind": kind_label(notification.kind),
        "created_at": timezone.localtime(notification.created_at),
    }
