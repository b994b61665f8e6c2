"""Uploads are checked by content against the allow-list, by size, and stored under generated names."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from tests.sample_files import (
    EXE,
    GIF,
    GOOD,
    HTML,
    JPEG,
    OOXML_MAIN,
    PDF,
    PNG,
    WEBP,
    compound_file,
    content_types,
    ooxml,
    package_relationships,
    pdf,
    upload,
    zip_of,
)
from workflows.engine.files.uploads import ALLOWED, check_upload, stored_name


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


SCRIPT = b"<script>alert(document.cookie)</script>"
WORD_PATH, WORD_MAIN, WORD_DOCUMENT = OOXML_MAIN["word"]


def _forged_docx(members: dict[str, bytes]) -> bytes:
    return zip_of({"[Content_Types].xml": content_types(WORD_PATH, WORD_MAIN), **members})


@pytest.mark.parametrize(
    "name, content",
    [
        # The attacks of issue #11: a format's first bytes, then something else.
        ("报告.pdf", b"%PDF-1.7\n" + HTML),  # a PDF header, then a web page
        ("报告.pdf", PDF.replace(b"%\xe2\xe3\xcf\xd3\n", b"%" + SCRIPT + b"\n")),  # markup in the header comment
        ("报告.pdf", PDF + HTML),  # a web page after the trailer
        ("报告.pdf", PDF[: PDF.index(b"startxref")]),  # no trailer: cut short
        ("照片.png", PNG[:8] + SCRIPT),  # a PNG signature, then script
        ("照片.png", PNG + SCRIPT),  # script after IEND
        ("照片.png", PNG[:-4] + b"\x00\x00\x00\x00"),  # IEND with a wrong CRC
        ("照片.png", PNG[: PNG.index(b"IEND") - 4]),  # no IEND
        ("照片.jpg", b"\xff\xd8\xff\xe0" + SCRIPT),  # a JPEG start, then script
        ("照片.jpg", JPEG + SCRIPT),  # script after EOI
        ("照片.jpg", JPEG[:600]),  # cut short
        ("照片.gif", b"GIF89a" + SCRIPT),
        ("照片.gif", GIF + SCRIPT),  # script after the trailer
        ("照片.gif", GIF[:13] + b";"),  # a header and a trailer but no image
        ("照片.webp", WEBP + SCRIPT),  # longer than its RIFF size says
        ("照片.webp", WEBP[:12] + b"HTML" + WEBP[16:]),  # not a VP8 chunk
        # Content types naming a part that is not a Word document (itself, a web page, a part the
        # package relationships do not name), or no relationships at all.
        ("方案.docx", zip_of({"[Content_Types].xml": content_types("[Content_Types].xml", WORD_MAIN)})),
        ("方案.docx", _forged_docx({"_rels/.rels": package_relationships(WORD_PATH), WORD_PATH: HTML})),
        ("方案.docx", _forged_docx({"_rels/.rels": package_relationships("word/other.xml"), WORD_PATH: WORD_DOCUMENT})),
        ("方案.docx", _forged_docx({WORD_PATH: WORD_DOCUMENT})),
        ("方案.docx", ooxml("word")[:-30]),  # a zip cut short: no central directory
        ("公文.ofd", zip_of({"OFD.xml": HTML})),
    ],
)
def test_a_real_start_followed_by_something_else_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content))
    assert error.value.code == "attachment_content"


def test_real_variants_still_pass():
    from tests.sample_files import jpeg

    # A scanner's NUL padding after the trailer, comments inside a JPEG, a document whose main
    # part is elsewhere than usual but declared and related.
    check_upload(upload("扫描.pdf", PDF + b"\x00" * 64))
    check_upload(upload("照片.jpg", jpeg(b"<not markup in a comment segment>")))
    elsewhere = zip_of({"[Content_Types].xml": content_types("doc/main.xml", WORD_MAIN),
                        "_rels/.rels": package_relationships("/doc/main.xml"), "doc/main.xml": WORD_DOCUMENT})
    check_upload(upload("方案.docx", elsewhere))


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
    check_upload(upload("刚好.pdf", pdf(size=1024 * 1024)))


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
