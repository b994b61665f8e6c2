"""The error pages in production (DEBUG off): Chinese, with the site's brand and favicon, and no
stack trace or exception text; the sign-in lockout is the site's 429 page. Under /api/ the same
errors stay JSON (tests/workflows/api cover that)."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

from tests.core.accounts_helpers import make_user


pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("url, status, heading", [
    ("/test-errors/400/", 400, "请求无效"),
    ("/test-errors/403/", 403, "无权访问"),
    ("/no-such-page/", 404, "页面不存在"),
    ("/test-errors/500/", 500, "系统出错了"),
])
@override_settings(DEBUG=False, ROOT_URLCONF="tests.core.error_urls", ALLOWED_HOSTS=["testserver"],
                   SECURE_SSL_REDIRECT=False)
def test_each_error_page_is_chinese_branded_and_tells_nothing_inside(url, status, heading, admin_user):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == status
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page and "教育审批系统" in page and "沈阳市教育局" in page
    assert f"错误代码 {status}" in page and 'lang="zh-hans"' in page
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert "Traceback" not in page and "secret internals" not in page and "RuntimeError" not in page
    assert LATIN_WORD.findall(visible_text(page)) == []


def test_the_favicon_is_a_static_file_linked_from_every_page(admin_user):
    assert finders.find("favicon.svg")
    client = Client()
    client.force_login(admin_user)
    assert 'rel="icon"' in client.get("/").content.decode()
    assert settings.STATIC_URL


@override_settings(DEBUG=False, SECURE_SSL_REDIRECT=False)
def test_the_lockout_is_the_sites_429_page(client):
    make_user("teacher")
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "teacher", "password": "wrong"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>账号已暂时锁定</h1>" in page and "错误代码 429" in page and "favicon.svg" in page
