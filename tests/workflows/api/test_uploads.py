"""Uploads are checked by content against the allow-list, by size, and stored under generated names."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from tests.sample_files import EXE, GOOD, HTML, PDF, compound_file, ooxml, upload, zip_of
from workflows.engine.uploads import ALLOWED, check_upload, stored_name


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_every_allowed_type_passes_with_real_content(extension):
    file = upload(f"材料.{extension}")
    assert check_upload(file) is ALLOWED[extension]
    assert file.tell() == 0  # left at the start, ready to be stored


def test_wps_formats_may_also_be_zip_packages():
    for extension, part in (("wps", "word"), ("et", "xl"), ("dps", "ppt")):
        check_upload(upload(f"a.{extension}", ooxml(part)))


def test_upper_case_extensions_are_the_same_type():
    check_upload(upload("SCAN.PDF", PDF))


@pytest.mark.parametrize(
    "name, content",
    [
        ("报告.pdf", EXE),  # a program renamed .pdf
        ("报告.pdf", HTML),  # a web page renamed .pdf
        ("照片.jpg", PDF),  # a real file of another allowed type
        ("照片.png", GOOD["jpg"]),
        ("方案.docx", zip_of({"readme.txt": b"hello"})),  # a zip without Office members
        ("方案.docx", ooxml("xl")),  # a spreadsheet renamed .docx
        ("方案.docx", b"MZ" + zip_of({"[Content_Types].xml": b"x"})),  # zip appended to a program
        ("表格.xls", compound_file("WordDocument")),  # a Word 97 file renamed .xls
        ("旧文档.doc", compound_file("Installer")),  # some other compound file (e.g. an .msi)
        ("旧文档.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),  # a broken one
        ("公文.ofd", zip_of({"Doc_0/Document.xml": b"<x/>"})),  # no OFD.xml
        ("演示.webp", b"RIFF\x00\x00\x00\x00WAVEfmt "),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content))
    assert error.value.code == "attachment_content"
    assert "内容与扩展名" in error.value.messages[0] and name in error.value.messages[0]


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "noextension", "archive.zip", "a.pdf.exe", ".pdf"])
def test_types_off_the_list_are_refused(name):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, PDF))
    assert error.value.code == "attachment_type"
    assert "不支持" in error.value.messages[0]


def test_empty_and_nameless_files_are_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("空.pdf", b""))
    assert error.value.code == "attachment_empty" and "空文件" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        check_upload(ContentFile(PDF))  # no name at all
    assert error.value.code == "attachment_name"


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as error:
        check_upload(upload("大.pdf", PDF + b"0" * (1024 * 1024)))
    assert error.value.code == "attachment_size" and "1MB" in error.value.messages[0]
    check_upload(upload("刚好.pdf", PDF.ljust(1024 * 1024, b"0")))


def test_stored_names_are_generated_and_keep_only_a_checked_extension():
    first, second = stored_name("../../etc/自评报告.PDF"), stored_name("自评报告.pdf")
    assert first != second and first.endswith(".pdf") and len(first) == 36
    assert "/" not in first and ".." not in first
    assert "." not in stored_name("evil.sh")


def test_the_services_refuse_a_disguised_file_and_write_nothing(city, settings, tmp_path):
    from tests.workflows.engine.conftest import new_item, open_task, submitted_item
    from workflows.engine import services
    from workflows.engine.models import Attachment, Decision

    settings.MEDIA_ROOT = str(tmp_path)
    item = new_item(city)
    version = item.version
    with pytest.raises(ValidationError):
        services.add_evidence(item=item, by=city.head, slot="report", upload=upload("自评报告.pdf", EXE))
    submitted = submitted_item(city)
    with pytest.raises(ValidationError):
        services.reject_task(task=open_task(submitted), by=city.reviewer, comment="见附件",
                             attachments=[upload("意见.pdf"), upload("意见.docx", HTML)])
    assert not Attachment.objects.exists() and not Decision.objects.exists()
    assert list(tmp_path.iterdir()) == []
    item.refresh_from_db()
    assert item.version == version


def test_stored_files_get_generated_names_and_keep_the_original_for_display(city, settings, tmp_path):
    from tests.workflows.engine.conftest import new_item
    from workflows.engine import services

    settings.MEDIA_ROOT = str(tmp_path)
    attachment = services.add_evidence(item=new_item(city), by=city.head, slot="report",
                                       upload=upload("../自评 报告.pdf"))
    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert attachment.name == "自评 报告.pdf"
    assert len(stored) == 36 and stored.endswith(".pdf") and "自评" not in attachment.file.name
    assert attachment.file.read() == PDF
