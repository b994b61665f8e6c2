"""Group robots: JSON POSTs to a local HTTP server standing in for WeCom/DingTalk."""

import base64
import hashlib
import hmac
import http.server
import json
import re
import threading
import urllib.parse

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from notifications import delivering
from notifications.api import notify
from notifications.channels.webhook import signed_url
from notifications.models import Delivery, DeliveryState, WebhookEndpoint, WebhookFlavour
from notifications.webhooks import configure_webhook
from tests.factories import UserFactory, grant
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


class Robot:
    """A tiny HTTP server that records requests and answers what the test says."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.answer = {"errcode": 0, "errmsg": "ok"}
        robot = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                robot.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
                payload = json.dumps(robot.answer).encode()
                self.send_response(robot.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send?key=abc"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
            self.thread.join()


@pytest.fixture
def robot():
    server = Robot()
    yield server
    server.close()


@pytest.fixture
def reviewer_at(district):
    user = UserFactory(email="", full_name="赵审核")
    grant(user, Role.DISTRICT_REVIEWER, district)
    return user


def _notify(user):
    notify(key="task:9:opened:1", recipient=user, kind=engine_kinds.TASK_ASSIGNED,
           params={"title": "特色学校评估", "step": "区县初审"}, link="/tasks/9/")
    return Delivery.objects.get()


def test_wecom_markdown_with_the_idempotency_key(robot, district, reviewer_at):
    configure_webhook(organisation=district, url=robot.url, flavour=WebhookFlavour.WECOM)
    delivery = _notify(reviewer_at)
    assert delivering.deliver([delivery.pk]).sent == [delivery.pk]
    (request,) = robot.requests
    assert request["headers"]["Idempotency-Key"] == delivery.key
    assert request["json"]["msgtype"] == "markdown"
    content = request["json"]["markdown"]["content"]
    assert "您有一项新的待办：特色学校评估" in content and "赵审核" in content
    assert "http://localhost:8000/tasks/9/" in content


def test_dingtalk_signed_markdown(robot, district, reviewer_at):
    configure_webhook(organisation=district, url=robot.url, flavour=WebhookFlavour.DINGTALK, secret="SECabc")
    delivery = _notify(reviewer_at)
    delivering.deliver([delivery.pk])
    (request,) = robot.requests
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request["path"]).query)
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(hmac.new(b"SECabc", f"{timestamp}\nSECabc".encode(), hashlib.sha256).digest()).decode()
    assert sign == expected and query["key"] == ["abc"]
    assert request["json"]["markdown"]["title"].startswith("您有一项新的待办")


def test_signed_url_is_stable_for_a_given_time():
    url = signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", "s", now_ms=1700000000000)
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign=")


def test_robot_errcode_is_retried_and_a_4xx_fails_for_good(robot, district, reviewer_at):
    configure_webhook(organisation=district, url=robot.url, flavour=WebhookFlavour.WECOM)
    delivery = _notify(reviewer_at)
    robot.answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
    outcome = delivering.deliver([delivery.pk])
    assert delivery.pk in outcome.retry
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING and "45009" in delivery.last_error

    Delivery.objects.filter(pk=delivery.pk).update(available_at=delivery.created_at)
    robot.status, robot.answer = 404, {}
    assert delivering.deliver([delivery.pk]).failed == [delivery.pk]


def test_generic_json_and_unreachable_robot(robot, district, reviewer_at):
    endpoint = configure_webhook(organisation=district, url=robot.url, flavour=WebhookFlavour.GENERIC)
    delivery = _notify(reviewer_at)
    robot.answer = {"errcode": 1}  # ignored: any 2xx counts for the generic flavour
    assert delivering.deliver([delivery.pk]).sent == [delivery.pk]
    assert robot.requests[0]["json"]["key"] == delivery.key and robot.requests[0]["json"]["kind"] == "task_assigned"

    robot.close()
    notify(key="task:10:opened:1", recipient=reviewer_at, kind=engine_kinds.URGED)
    other = Delivery.objects.exclude(pk=delivery.pk).get()
    assert other.endpoint == endpoint
    assert other.pk in delivering.deliver([other.pk]).retry


@pytest.mark.parametrize(
    "url, flavour, secret, message",
    [
        ("ftp://example.cn/x", WebhookFlavour.WECOM, "", "有效地址"),
        ("not a url", WebhookFlavour.WECOM, "", "有效地址"),
        ("https://example.cn/x", WebhookFlavour.WECOM, "s", "只有钉钉机器人需要加签密钥"),
        ("https://example.cn/x", "telegram", "", "不是有效选项"),
    ],
)
def test_bad_configuration_is_refused_and_nothing_written(district, url, flavour, secret, message):
    with pytest.raises(ValidationError) as caught:
        configure_webhook(organisation=district, url=url, flavour=flavour, secret=secret)
    assert message in str(caught.value)
    assert not WebhookEndpoint.objects.exists()


def test_configuring_is_audited_without_the_secret(district):
    endpoint = configure_webhook(organisation=district, url="https://example.cn/x", flavour=WebhookFlavour.DINGTALK,
                                 secret="SECret")
    event = AuditEvent.objects.get(action="notifications.webhook_configured")
    assert event.object_id == str(endpoint.pk) and event.data["signed"] is True
    assert "SECret" not in json.dumps(event.data)
    configure_webhook(organisation=district, url="https://example.cn/y")
    assert WebhookEndpoint.objects.count() == 1
    assert AuditEvent.objects.filter(action="notifications.webhook_changed").exists()


MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


@pytest.mark.parametrize("flavour, field", [(WebhookFlavour.WECOM, "content"), (WebhookFlavour.DINGTALK, "text")])
def test_markup_typed_into_a_title_a_ref_or_a_name_is_shown_not_rendered(robot, district, flavour, field):
    # The attack (issue #11, defect 6): an item titled as a link, a reference number and a
    # person's name carrying markup, all posted to the district's group chat.
    configure_webhook(organisation=district, url=robot.url, flavour=flavour)
    user = UserFactory(email="", full_name="<font color=\"warning\">系统管理员</font>")
    grant(user, Role.DISTRICT_REVIEWER, district)
    notify(key="task:11:opened:1", recipient=user, kind="task_assigned",
           params={"title": "[紧急：请点此重新登录](http://phish.example/login)",
                   "ref_no": "**加急**\n# 标题", "step": "![图](http://phish.example/x.png)"},
           link="/tasks/11/?from=robot&tab=files")
    delivering.deliver([Delivery.objects.get().pk])
    (request,) = robot.requests
    body = request["json"]["markdown"][field]
    assert "](" not in request["json"]["markdown"].get("title", "")

    # The only link is the system's own, its query intact (not HTML-escaped to &amp;).
    assert MARKDOWN_LINK.findall(body) == [("前往办理", "http://localhost:8000/tasks/11/?from=robot&tab=files")]
    assert "<" not in body and "![" not in body and "\n#" not in body
    # Still readable: the typed text is there in full-width brackets.
    assert "［紧急：请点此重新登录］（http://phish.example/login）" in body
    assert "＊＊加急＊＊ ＃ 标题" in body and "＜font color=\"warning\"＞系统管理员＜/font＞" in body
