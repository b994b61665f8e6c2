"""推荐汇总表: the district's signed recommendation list printed for the seal (page and PDF: ranked
schools, district, signer, date, the seal's place), the stamped scan uploaded back by the district
(PDF or image, checked by content) and seen by the city; the same over the API. Attacks: another
district, a school, the city uploading, a disguised file, a Word file: 404/403/400, nothing written."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEvent
from core.pdf.text import pdf_text
from tests.factories import person
from core.orgs.roles import Role
from tests.sample_files import EXE, upload
from tests.sampleapp.recommendation import sample_recommend
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.batch_helpers import waiting_for_list
from tests.workflows.engine.campaign_helpers import make_campaign
from workflows.engine.lists.models import ListScan

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def signed(city):
    campaign = make_campaign(owner_department=city.department, district_quotas={city.district_a: 3})
    first, second = waiting_for_list(city, campaign, 2)
    return sample_recommend(items=[second, first], by=city.district_head, comment="经区教育局研究，同意推荐。")


def summary_url(list_act):
    return reverse("workflows:list-summary", args=[list_act.pk])


def test_the_district_prints_its_summary_and_downloads_the_pdf(city, signed):
    head = signed_in(city.district_head)
    page = head.get(summary_url(signed)).content.decode()
    assert "和平区区县推荐汇总表" in page and "经区教育局研究，同意推荐。" in page
    refs = [member.item.ref_no for member in signed.members.order_by("rank")]
    assert page.index(refs[0]) < page.index(refs[1])  # in rank order
    today = timezone.localdate()
    assert f"签发人：{city.district_head.full_name} · 签发日期：{today.year}年{today.month}月{today.day}日" in page
    assert "（和平区盖章）" in page and "尚未上传盖章扫描件" in page
    answer = head.get(reverse("workflows:list-summary-pdf", args=[signed.pk]))
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    for expected in ("和平区区县推荐汇总表", "和平一校", refs[0], refs[1], city.district_head.full_name,
                     f"{today.year}年{today.month}月{today.day}日", "和平区盖章"):
        assert expected in text, expected
    assert text.index(refs[0]) < text.index(refs[1])
    # The 名单办理 page lists it with its scan missing.
    lists = head.get(reverse("workflows:lists")).content.decode()
    assert summary_url(signed) in lists and "scan-missing" in lists


def test_the_district_uploads_the_stamped_scan_and_the_city_sees_it(city, signed):
    head = signed_in(city.district_head)
    answer = head.post(reverse("workflows:list-scan-upload", args=[signed.pk]), {"file": upload("盖章.pdf")},
                       follow=True)
    assert "已上传盖章扫描件“盖章.pdf”。" in answer.content.decode()
    scan = ListScan.objects.get()
    assert (scan.list_act_id, scan.uploaded_by, scan.name) == (signed.pk, city.district_head, "盖章.pdf")
    event = AuditEvent.objects.get(action="list_scan_uploaded")
    assert (event.object_id, event.data["sha256"]) == (str(signed.pk), scan.sha256)
    city_head = signed_in(city.city_head)
    assert "scan-in" in city_head.get(reverse("workflows:lists")).content.decode()
    page = city_head.get(summary_url(signed)).content.decode()
    assert "已上传：盖章.pdf" in page and 'action="' + reverse("workflows:list-scan-upload", args=[signed.pk]) not in page
    download = city_head.get(reverse("workflows:list-scan", args=[signed.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # An image is a scan too; it replaces the first, which stays for the record.
    head.post(reverse("workflows:list-scan-upload", args=[signed.pk]), {"file": upload("盖章.jpg")})
    assert ListScan.objects.count() == 2 and "已上传：盖章.jpg" in city_head.get(summary_url(signed)).content.decode()


def nothing_uploaded():
    assert not ListScan.objects.exists()
    assert not AuditEvent.objects.filter(action="list_scan_uploaded").exists()


@pytest.mark.parametrize("name,content,says", [
    ("盖章.pdf", EXE, "内容与扩展名“.pdf”不符"),
    ("盖章.docx", None, "盖章扫描件只能是PDF或图片"),
])
def test_a_disguised_or_wrong_file_is_refused_and_nothing_is_written(city, signed, name, content, says):
    answer = signed_in(city.district_head).post(reverse("workflows:list-scan-upload", args=[signed.pk]),
                                                {"file": upload(name, content)})
    assert answer.status_code == 400 and says in answer.content.decode()
    nothing_uploaded()


def test_another_district_a_school_and_strangers_see_nothing_and_the_city_may_not_upload(city, signed):
    other_head = person("head_of_b", Role.DISTRICT_HEAD, city.district_b)
    for user in (other_head, city.reviewer_b, city.head, city.head_b):
        client = signed_in(user)
        assert client.get(summary_url(signed)).status_code == 404
        assert client.get(reverse("workflows:list-summary-pdf", args=[signed.pk])).status_code == 404
        assert client.post(reverse("workflows:list-scan-upload", args=[signed.pk]),
                           {"file": upload("盖章.pdf")}).status_code == 404
        assert summary_url(signed) not in client.get(reverse("workflows:lists")).content.decode()
    refused = signed_in(city.city).post(reverse("workflows:list-scan-upload", args=[signed.pk]),
                                        {"file": upload("盖章.pdf")})
    assert refused.status_code == 403 and "只有和平区的工作人员" in refused.content.decode()
    assert Client().get(summary_url(signed)).status_code == 302  # to the sign-in page
    nothing_uploaded()


def test_the_api_reads_the_summary_takes_the_scan_and_refuses_the_same(city, signed):
    api = client_for(city.district_head)
    url = reverse("api:list-summary", args=[signed.pk])
    body = api.get(url).json()
    assert [row["rank"] for row in body["rows"]] == [1, 2] and body["scan"] is None
    assert body["actor"] == city.district_head.full_name and body["organisation"] == "和平区"
    pdf = api.get(reverse("api:list-summary-pdf", args=[signed.pk]))
    assert pdf.status_code == 200 and "和平区区县推荐汇总表" in pdf_text(pdf.content)
    scan_url = reverse("api:list-scan", args=[signed.pk])
    assert api.get(scan_url).status_code == 404  # none yet
    bad = api.post(scan_url, {"file": upload("盖章.png", EXE)}, format="multipart")
    assert bad.status_code == 400 and "内容与扩展名" in str(bad.json())
    assert client_for(city.reviewer_b).post(scan_url, {"file": upload("盖章.pdf")}, format="multipart").status_code == 404
    assert client_for(city.city).post(scan_url, {"file": upload("盖章.pdf")}, format="multipart").status_code == 403
    assert client_for(city.reviewer_b).get(url).status_code == 404
    nothing_uploaded()
    done = api.post(scan_url, {"file": upload("盖章.png")}, format="multipart")
    assert done.status_code == 201 and done.json()["scan"]["name"] == "盖章.png"
    assert client_for(city.city_head).get(url).json()["scan"]["name"] == "盖章.png"
    assert client_for(city.city_head).get(scan_url).status_code == 200
