"""Certificates over the API: the same rule as the pages (the holder's organisation and the
owning department see, list and download; another school and the district get 404), no code
in any answer, and no public endpoint."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.workflows.engine.certificates.certificate_helpers import certificate_of, code_in, pdf_of, url_in_text
from tests.workflows.engine.tenure.tenure_helpers import granted  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_the_holder_lists_reads_and_downloads(granted, city, api):
    certificate = certificate_of(granted.item)
    code = code_in(url_in_text(pdf_of(certificate)))
    api.force_authenticate(city.head)
    listed = api.get(reverse("api:certificate-list")).json()
    assert [row["number"] for row in listed["results"]] == ["SAMPLE-2021-0001"]
    detail = api.get(reverse("api:certificate-detail", args=[certificate.pk]))
    assert detail.status_code == 200
    body = detail.json()
    assert (body["holder"], body["programme"], body["state"], body["state_label"]) == ("和平一校", "示例认定",
                                                                                       "valid", "有效")
    assert code not in detail.content.decode() and certificate.code_hash not in detail.content.decode()
    download = api.get(reverse("api:certificate-download", args=[certificate.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_another_school_and_the_district_get_404_and_an_empty_list(granted, city, api):
    certificate = certificate_of(granted.item)
    for user in (city.head_b, city.reviewer):
        api.force_authenticate(user)
        assert api.get(reverse("api:certificate-list")).json()["results"] == []
        for name in ("api:certificate-detail", "api:certificate-download"):
            assert api.get(reverse(name, args=[certificate.pk])).status_code == 404, (user, name)
    api.force_authenticate(None)
    assert api.get(reverse("api:certificate-list")).status_code in (401, 403)
