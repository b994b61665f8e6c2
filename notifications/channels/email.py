"""Email through Django's configured mail backend: a Chinese subject, a text body and an HTML
alternative, rendered from templates/notifications/email/.

The Message-ID is derived from the delivery key, so that if a crash between handing a message to
the mail system and recording it makes us send it again, mail clients see the same message.
"""

import functools
import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import select_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.channels import DeliveryError
from notifications.messages import context_of


def message_id(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    domain = getattr(settings, "NOTIFICATIONS_MESSAGE_ID_DOMAIN", "") or "notifications.localhost"
    return f"<{digest}@{domain}>"


def _address(user) -> str:
    if not user.email:
        raise DeliveryError(_("收件人“%(user)s”没有电子邮件地址。") % {"user": user}, permanent=True)
    return user.email


def _one_line(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=64)
def _template(*names):
    """The first of these templates that exists, compiled once per process: a worker renders
    thousands of emails a minute at peak."""
    return select_template(list(names))


def build_message(delivery) -> EmailMultiAlternatives:
    """Render in the site's language (the worker has no request); the caller may have activated
    it already for a whole batch."""
    notification = delivery.notification
    code = notification.template
    with translation.override(settings.LANGUAGE_CODE):
        context = context_of(notification)
        custom = (f"notifications/email/{code}.txt",) if code else ()
        text = _template(*custom, "notifications/email/message.txt").render(context)
        custom = (f"notifications/email/{code}.html",) if code else ()
        html = _template(*custom, "notifications/email/message.html").render(context)
        subject = _one_line(_template("notifications/email/subject.txt").render(context))
    return _message(delivery, subject, text, html)


def build_digest(delivery, members) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        items = [context_of(member.notification) for member in members]
        context = {
            "recipient": delivery.recipient,
            "items": items,
            "day": timezone.localtime(delivery.created_at).date(),
        }
        text = _template("notifications/email/digest.txt").render(context)
        html = _template("notifications/email/digest.html").render(context)
        subject = _one_line(_template("notifications/email/digest_subject.txt").render(context))
    return _message(delivery, subject, text, html)


def _message(delivery, subject, text, html):
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[_address(delivery.recipient)],
        headers={"Message-ID": message_id(delivery.key), "X-Delivery-Key": delivery.key},
    )
    message.attach_alternative(html, "text/html")
    return message
