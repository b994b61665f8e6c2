"""Kinds of message: a registry, so that whoever sends messages names its own kinds.

Notifications owns the mechanism and only the kinds its own machinery writes: the sweep's
reminders, "due today" and escalations, and the generic 通知. Every other app registers its
vocabulary at import time through `notifications.api.register_kind` (the engine's is
workflows/engine/message_kinds.py), so that a new kind of message never edits this app and
nothing here knows who sends what.

A kind is a code (what the outbox and the preferences store), a Chinese label (the inbox and the
preferences page show it), the headline of its messages, the channel choice of someone who chose
nothing, and whether a person may hold it for the daily digest. Escalations never may: the
database refuses such a preference too (ChannelPreference's check constraint names the code).

This module imports no model, so that the models can validate their `kind` fields against it.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KIND_MAX_LENGTH = 30  # Notification.kind and ChannelPreference.kind
KIND_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class EmailMode(models.TextChoices):
    INSTANT = "instant", _("立即发送")
    DIGEST = "digest", _("每日摘要（工作日 8:30）")
    OFF = "off", _("不发送")


@dataclass(frozen=True)
class MessageKind:
    code: str
    label: str  # lazy: translated when shown
    headline: str  # "%(title)s" is the message's title
    digest_allowed: bool
    email: str  # EmailMode of someone who chose nothing for this kind
    webhook: bool  # whether their group robot hears of it, unless they chose
    order: int  # place on the preferences page


_registry: dict[str, MessageKind] = {}


def register_kind(code: str, label, *, headline=None, digest_allowed: bool = True, email: str = EmailMode.INSTANT,
                  webhook: bool = True, order: int = 50) -> str:
    """Declare a kind of message; returns its code, for the caller to keep as a constant.

    Call it at import time (module level), once per code: registering a code again with the same
    description is harmless, with a different one is a programming error.
    """
    if not isinstance(code, str) or not KIND_CODE.match(code) or len(code) > KIND_MAX_LENGTH:
        raise ImproperlyConfigured(
            f"A message kind's code is lower-case letters, digits and _, at most {KIND_MAX_LENGTH} long: {code!r}"
        )
    if not label:
        raise ImproperlyConfigured(f"Message kind {code!r} needs a label")
    if email not in EmailMode.values:
        raise ImproperlyConfigured(f"Message kind {code!r}: unknown default email mode {email!r}")
    if email == EmailMode.DIGEST and not digest_allowed:
        raise ImproperlyConfigured(f"Message kind {code!r} may not be digested, so its default cannot be the digest")
    kind = MessageKind(code, label, headline or _("%(kind)s：%(title)s"), digest_allowed, str(email), webhook, order)
    known = _registry.get(code)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"Message kind {code!r} is already registered differently")
    _registry[code] = kind
    return code


def registered_kinds() -> list[MessageKind]:
    """Every kind, in the order the preferences page lists them."""
    return sorted(_registry.values(), key=lambda kind: kind.order)


def get_kind(code: str) -> MessageKind | None:
    return _registry.get(code)


def check_kind(code) -> str:
    """A registered code, or a Chinese ValidationError (the API's and the model field's check)."""
    if not isinstance(code, str) or code not in _registry:
        raise ValidationError(
            gettext("未知的%(label)s：%(value)s") % {"label": gettext("消息类型"), "value": code},
            code="choice_invalid",
        )
    return code


def kind_label(code: str) -> str:
    """The label; a code no longer registered (its app was removed) shows as itself."""
    kind = _registry.get(code)
    return str(kind.label) if kind is not None else code


def headline_for(code: str, title: str) -> str:
    """A message's subject: its kind's headline about `title`; an unregistered code reads as 通知."""
    kind = _registry.get(code) or _registry[INFO]
    return str(kind.headline) % {"kind": kind.label, "title": title}


def may_digest(code: str) -> bool:
    """Whether a message of this kind may wait for the digest; one of an unknown kind goes at once."""
    kind = _registry.get(code)
    return kind is not None and kind.digest_allowed


def default_choice(code: str) -> tuple[str, bool]:
    """(email mode, webhook) of someone who chose nothing for this kind."""
    kind = _registry.get(code)
    return (kind.email, kind.webhook) if kind is not None else (EmailMode.INSTANT, True)


# The kinds notifications itself writes. The sweep turns schedule rows into the first three.
REMINDER = register_kind("reminder", _("到期提醒"), headline=_("办理提醒：%(title)s"), order=20)
DUE_TODAY = register_kind("due_today", _("今日到期"), headline=_("今日到期：%(title)s"), order=21)
# Urgent by nature: never held for the next morning's digest (the database refuses it as well).
ESCALATION = register_kind("escalation", _("超期督办"), headline=_("超期督办：%(title)s"), digest_allowed=False,
                           order=22)
# What has no kind of its own: proxies set up, 加签, extensions...
INFO = register_kind("info", _("通知"), headline=_("通知：%(title)s"), order=90)
