"""The Content-Security-Policy (core/csp.py): on every HTML page, strict everywhere but Redoc, never
on the API's JSON; and nothing in the templates that the policy would refuse. The browser test
(tests/e2e/test_csp_browser.py) shows the pages working under it and an injected script refused."""

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from core.csp import HEADER, POLICY, REDOC_POLICY, header_value
from core.orgs.models import User
from tests.workflows.api.helpers import client_for as api_client_for
from tests.workflows.web.conftest import build_city, client_for, item_url, open_task, submitted_item
from workflows.engine import services
from workflows.web.detail import item_page

pytestmark = pytest.mark.django_db

STRICT = header_value(POLICY)


def test_the_policy_says_what_the_brief_asks_and_nothing_inline():
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                      "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"):
        assert directive in STRICT.split("; "), directive
    assert "unsafe" not in STRICT and "*" not in STRICT
    # Redoc's exception is its styles and its worker only: scripts stay strict there too.
    assert REDOC_POLICY["script-src"] == ["'self'"]
    assert {k for k in REDOC_POLICY if REDOC_POLICY[k] != POLICY.get(k)} == {"style-src", "worker-src"}


def test_every_html_page_carries_the_policy():
    city = build_city()
    item = submitted_item(city)
    services.claim_task(task=open_task(item), by=city.reviewer)
    reviewer = client_for(city.reviewer)
    pages = ["/", "/work/todo/", "/work/claimable/", "/work/done/", "/work/mine/", "/work/items/?q=申报",
             "/work/stats/", item_url(item), "/work/cc/", "/work/proxies/", "/work/extensions/",
             "/notifications/", "/notifications/preferences/", "/accounts/password/", "/api/docs/"]
    for path in pages:
        response = reviewer.get(path)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html"), path
        assert response[HEADER] == STRICT, path
    # Pages built elsewhere than our views: sign-in, the 404 page, a refused form (CSRF), the admin.
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.get("/accounts/login/")[HEADER] == STRICT
    missing = reviewer.get("/work/no-such-page/")
    assert missing.status_code == 404 and missing[HEADER] == STRICT
    refused = anonymous.post("/accounts/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 403 and refused[HEADER] == STRICT
    admin = client_for(User.objects.create_superuser(username="admin", password="Admin-Pass-2024"))
    for path in ("/admin/", reverse("admin:orgs_user_change", args=[city.reviewer.pk])):
        response = admin.get(path)
        assert response.status_code == 200 and response[HEADER] == STRICT, path
    # Redoc alone has the looser policy.
    assert reviewer.get("/api/redoc/")[HEADER] == header_value(REDOC_POLICY)


def test_with_debug_on_only_djangos_debug_pages_go_without_it():
    city = build_city()
    reviewer = client_for(city.reviewer)
    with override_settings(DEBUG=True):
        missing = reviewer.get("/work/no-such-page/")
        assert missing.status_code == 404 and "Page not found" in missing.content.decode()
        assert HEADER not in missing
        assert reviewer.get("/work/todo/")[HEADER] == STRICT


def test_api_answers_and_scripts_do_not_carry_it():
    city = build_city()
    api = api_client_for(city.reviewer)
    for path in ("/api/v1/me/", "/api/v1/tasks/", "/api/v1/items/-1/", "/api/schema/?format=json"):
        response = api.get(path)
        assert response["Content-Type"].startswith(("application/json", "application/vnd.oai.openapi+json")), path
        assert HEADER not in response, path
    assert api_client_for(None).get("/api/v1/me/").status_code == 401
    assert HEADER not in api_client_for(None).get("/api/v1/me/")
    # Swagger UI's start script is a file of its own (no inline script in the docs page). The docs
    # are for a signed-in browser (a session), like every page.
    browser = Client()
    browser.force_login(city.reviewer)
    page = browser.get("/api/docs/").content.decode()
    assert re.search(r'<script src="/api/docs/\?script="></script>', page)
    script = browser.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode() and HEADER not in script


def test_the_flow_chart_has_no_inline_styles():
    city = build_city()
    item = submitted_item(city)
    svg = str(item_page(item, city.reviewer).chart)
    assert "<svg" in svg and 'class="node step current"' in svg and 'class="node start done"' in svg
    assert "<style" not in svg and "style=" not in svg


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|<style\b|javascript:", re.IGNORECASE)


def test_no_template_writes_what_the_policy_refuses():
    """Pages' templates keep scripts and looks in static files. E-mails are not web pages: mail
    readers take only inline styles."""
    found = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        if "email" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert found == []
