"""Errors that never reach DRF's handler are JSON in the API's shape below /api/, with DEBUG off
(as the test settings and production run), and Django's pages elsewhere."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.workflows.api.error_urls")]


def _client() -> Client:
    # As a server runs: an exception becomes the handler's response instead of failing the test.
    return Client(raise_request_exception=False)


def test_a_crash_in_an_api_view_is_a_json_500_without_details():
    assert not settings.DEBUG
    response = _client().get("/api/v1/test-crash/")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "服务器内部错误，请稍后重试；错误已记录。", "code": "server_error"}
    assert "a bug in a view" not in response.content.decode()


def test_denied_and_missing_outside_drf_are_json_too():
    forbidden = _client().get("/api/v1/test-forbidden/")
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    missing = _client().get("/api/v1/test-missing/")
    assert missing.status_code == 404 and missing.json() == {"detail": "接口地址不存在，或编号无效。", "code": "not_found"}


def test_a_refused_host_name_is_a_json_400_under_the_api():
    response = _client().get("/api/v1/me/", HTTP_HOST="evil.example")
    assert response.status_code == 400 and response.json() == {"detail": "请求无效。", "code": "bad_request"}


def test_pages_outside_the_api_keep_djangos_html_errors():
    crash = _client().get("/work/test-crash/")
    assert crash.status_code == 500 and crash["Content-Type"].startswith("text/html")
    refused = _client().get("/accounts/login/", HTTP_HOST="evil.example")
    assert refused.status_code == 400 and refused["Content-Type"].startswith("text/html")
