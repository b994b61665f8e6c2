"""#13 item 12: the API's docs pages load nothing from another host: every script, style, image
and link they reference is a path of our own site (drf-spectacular-sidecar's files under
/static/), and no address with a host (https://…, //…) appears anywhere in their HTML. The
browser side (nothing fetched from a CDN, Redoc's Redocly logo refused by the policy) is
tests/e2e/test_csp_browser.py."""

import re

import pytest

from tests.workflows.api.helpers import client_for

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"""\b(?:src|href|action)\s*=\s*["']([^"']*)["']""", re.I)
ANY_HOST = re.compile(r"""(?:[a-z][a-z0-9+.-]*:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+""", re.I)


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_docs_page_references_no_other_host(city, url):
    response = client_for(city.reviewer, session=True).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    references = [ref for ref in REFERENCE.findall(html) if ref and not ref.startswith("#")]
    assert references and all(ref.startswith("/") and not ref.startswith("//") for ref in references), references
    assert any(ref.startswith("/static/drf_spectacular_sidecar/") for ref in references)
    assert ANY_HOST.findall(html) == []
