"""Files: upload checked by content and size, listed on the item, downloaded only in scope."""

import pytest

from tests.sample_files import EXE, HTML, PDF, upload, zip_of
from tests.sampleapp.flows import ApplicationFlow
from tests.workflows.api.helpers import client_for, reload
from tests.workflows.engine.conftest import new_item, open_task, submitted_item
from workflows.engine import services
from workflows.engine.models import Attachment


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def post_file(user, item, file, slot="report", **extra):
    return client_for(user).post(f"/api/v1/items/{item.pk}/files/", {"file": file, "slot": slot, **extra},
                                 format="multipart")


def test_upload_list_and_download(city, media):
    item = new_item(city)
    response = post_file(city.head, item, upload("自评报告.pdf"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "自评报告.pdf" and body["slot"] == "report" and body["size"] == len(PDF)
    stored = Attachment.objects.get().file.name
    assert "自评报告" not in stored and stored.endswith(".pdf")

    listed = client_for(city.head).get(f"/api/v1/items/{item.pk}/files/").json()["results"]
    assert [f["id"] for f in listed] == [body["id"]] and listed[0]["download_url"] == body["download_url"]
    download = client_for(city.head).get(body["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"] and "filename*=utf-8''" in download["Content-Disposition"]
    # Never shown inline: even a file that slipped through would not run as a page of this site.
    assert download["Content-Security-Policy"] == "sandbox"


def test_an_image_downloads_as_an_attachment_that_browsers_may_not_sniff(city, media):
    item = new_item(city)
    body = post_file(city.head, item, upload("校园.png"), slot="photos").json()
    download = client_for(city.head, session=True).get(body["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("报告.pdf", EXE, "内容与扩展名"),
        ("报告.pdf", HTML, "内容与扩展名"),
        ("方案.docx", zip_of({"a.txt": b"x"}), "内容与扩展名"),
        ("空.pdf", b"", "空文件"),
        ("setup.exe", EXE, "不支持"),
    ],
)
def test_bad_uploads_are_400_and_write_nothing(city, media, name, content, message):
    item = new_item(city)
    version = reload(item).version
    response = post_file(city.head, item, upload(name, content))
    assert response.status_code == 400
    assert message in response.json()["detail"] or message in str(response.json().get("fields"))
    assert not Attachment.objects.exists() and list(media.iterdir()) == []
    assert reload(item).version == version


def test_too_big_is_400(city, media, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = post_file(city.head, new_item(city), upload("大.pdf", PDF + b"0" * 100))
    assert response.status_code == 400 and "上限" in response.json()["detail"]
    assert not Attachment.objects.exists()


def test_upload_needs_file_and_slot_and_an_editable_item(city):
    item = new_item(city)
    missing = client_for(city.head).post(f"/api/v1/items/{item.pk}/files/", {}, format="multipart")
    assert missing.status_code == 400 and set(missing.json()["fields"]) == {"file", "slot"}
    stale = post_file(city.head, item, upload("a.pdf"), expected_version=99)
    assert stale.status_code == 409
    submitted = submitted_item(city)
    assert post_file(city.head, submitted, upload("a.pdf")).status_code == 409  # under review: not editable
    assert post_file(city.reviewer, item, upload("a.pdf")).status_code in (403, 404)
    assert post_file(city.head_b, item, upload("a.pdf")).status_code == 404


def test_someone_elses_file_by_id_is_404(city):
    item = new_item(city)
    attachment = services.add_evidence(item=item, by=city.head, slot="report", upload=upload("自评报告.pdf"))
    services.submit_item(item=item, by=city.head, flow_class=ApplicationFlow)
    url = f"/api/v1/files/{attachment.pk}/download/"
    assert client_for(city.reviewer).get(url).status_code == 200  # the item's district
    for outsider in (city.reviewer_b, city.head_b):
        response = client_for(outsider).get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert "自评报告" not in response.content.decode()
    assert client_for(city.head).get("/api/v1/files/987654/download/").status_code == 404
    assert client_for(None).get(url).status_code == 401


def test_decision_attachments_are_listed_and_downloadable_by_the_submitter(city):
    item = submitted_item(city)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="见附件",
                         attachments=[upload("修改意见.docx")])
    files = client_for(city.head).get(f"/api/v1/items/{item.pk}/files/").json()["results"]
    assert [(f["name"], f["slot"], f["decision"] is not None) for f in files] == [("修改意见.docx", "", True)]
    assert client_for(city.head).get(files[0]["download_url"]).status_code == 200
