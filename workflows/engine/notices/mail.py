"""Telling an objector the outcome by email. They have no account, so this is not a message of
the notifications app (whose recipients are users): one email through Django's mail backend,
sent once the handling has committed (a rolled-back act tells nobody). A failed send is logged
and does not undo the handling: the department's record is the objection row."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from workflows.engine.notices.models import ObjectionState

logger = logging.getLogger(__name__)


def tell_objector(objection) -> None:
    """After commit: email the outcome of `objection` to its objector, if they gave an address."""
    if not objection.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        notice = objection.entry.notice
        verdict = _("异议成立") if objection.state == ObjectionState.UPHELD else _("异议不成立")
        subject = _("公示异议处理结果：%(title)s") % {"title": notice.title}
        body = _(
            "%(name)s：\n\n您对“%(title)s”中“%(entry)s”提出的异议已处理完毕。\n"
            "处理结果：%(verdict)s\n处理意见：%(reason)s\n\n%(department)s"
        ) % {"name": objection.real_name, "title": notice.title, "entry": objection.entry.name,
             "verdict": verdict, "reason": objection.reason, "department": notice.owner_department.name}
    recipient = objection.email

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        except Exception:  # noqa: BLE001 - the handling stands; the department can call back
            logger.warning("Could not email the outcome of objection %s", objection.pk, exc_info=True)

    transaction.on_commit(send)
