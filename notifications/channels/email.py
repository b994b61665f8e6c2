"""Email through Django's configured mail backend: a Chinese subject, a text body and an HTML
alternative, rendered from templates/notifications/email/.

The Message-ID is derived from the delivery key, so that if a crash between handing a message to
the mail system and recording it makes us send it again, mail clients see the same message.
"""

import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string, select_template
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


def build_message(delivery) -> EmailMultiAlternatives:
    notification = delivery.notification
    with translation.override(settings.LANGUAGE_CODE):
        context = context_of(notification)
        names = [f"notifications/email/{notification.template}.txt"] if notification.template else []
        text = select_template([*names, "notifications/email/message.txt"]).render(context)
        html_names = [f"notifications/email/{notification.template}.html"] if notification.template else []
        html = select_template([*html_names, "notifications/email/message.html"]).render(context)
        subject = _one_line(render_to_string("notifications/email/subject.txt", context))
    return _message(delivery, subject, text, html)


def build_digest(delivery, members) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        items = [context_of(member.notification) for member in members]
        context = {
            "recipient": delivery.recipient,
            "items": items,
            "day": timezone.localtime(delivery.created_at).date(),
        }
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
        subject = _one_line(render_to_string("notifications/email/digest_subject.txt", context))
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
