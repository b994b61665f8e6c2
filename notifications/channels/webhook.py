"""Group robots: a JSON POST per delivery to the organisation's configured URL.

WeCom and DingTalk robots take a markdown message and answer HTTP 200 with {"errcode": 0} on
success; the generic flavour gets the message's fields and any 2xx counts. Every request carries
the delivery key as `Idempotency-Key`, so a receiver that honours it drops a repeat.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.orgs.roles import Role, role_at
from notifications import conf
from notifications.channels import DeliveryError
from notifications.markdown import markdown_text, render_markdown
from notifications.messages import context_of
from notifications.models import WebhookFlavour

RETRYABLE_STATUSES = {408, 425, 429}


def payload_for(delivery) -> dict:
    notification = delivery.notification
    with translation.override(settings.LANGUAGE_CODE):
        context = context_of(notification)
        context["audience"] = _audience(notification)
        # Titles, names and steps are user text: rendered so that none of it becomes markup.
        text = render_markdown("notifications/webhook/message.md", context)
    flavour = delivery.endpoint.flavour
    if flavour == WebhookFlavour.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if flavour == WebhookFlavour.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": markdown_text(context["subject"]), "text": text}}
    return {
        "key": delivery.key,
        "kind": notification.kind,
        "subject": context["subject"],
        "text": text,
        "link": context["link"],
        "recipient": str(notification.recipient),
        "created_at": notification.created_at.isoformat(),
    }


def _audience(notification) -> str:
    """A post for a role queue names the queue, since all its holders share the one post."""
    params = notification.params or {}
    role = params.get("queue_role")
    if role in Role.values:
        return role_at(params.get("queue_organisation", ""), role)
    return str(notification.recipient)


def signed_url(url: str, secret: str, *, now_ms: int | None = None) -> str:
    """DingTalk's signing: timestamp and base64(HMAC-SHA256(secret, "timestamp\\nsecret")) in the query."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    mac = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(mac).decode())
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={sign}"


def post(delivery) -> None:
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        raise DeliveryError(_("群机器人已停用。"), permanent=True)
    url = signed_url(endpoint.url, endpoint.secret) if endpoint.secret else endpoint.url
    body = json.dumps(payload_for(delivery), ensure_ascii=False).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": delivery.key},
    )
    try:
        with urllib.request.urlopen(request, timeout=conf.get("WEBHOOK_TIMEOUT")) as response:
            answer = response.read(64 * 1024)
    except urllib.error.HTTPError as exc:
        permanent = 400 <= exc.code < 500 and exc.code not in RETRYABLE_STATUSES
        raise DeliveryError(_("群机器人返回 HTTP %(code)s。") % {"code": exc.code}, permanent=permanent) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(_("无法连接群机器人：%(error)s") % {"error": exc}) from exc
    if endpoint.flavour in (WebhookFlavour.WECOM, WebhookFlavour.DINGTALK):
        _check_robot_answer(answer)


def _check_robot_answer(answer: bytes) -> None:
    try:
        data = json.loads(answer or b"{}")
    except ValueError as exc:
        raise DeliveryError(_("群机器人的应答不是 JSON。")) from exc
    code = data.get("errcode", 0) if isinstance(data, dict) else 0
    if code not in (0, "0"):
        raise DeliveryError(
            _("群机器人拒绝了消息：%(code)s %(msg)s") % {"code": code, "msg": data.get("errmsg", "")}
        )
