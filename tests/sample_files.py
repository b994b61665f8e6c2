"""Small but real files of every allowed type, and disguised ones, for upload tests.

    upload("自评报告.pdf")                  a SimpleUploadedFile whose content fits its extension
    upload("a.pdf", content=EXE)            any content under any name
    pdf(text="v2", size=None)               a real one-page PDF saying `text` (exactly `size` bytes)
    jpeg(comment=b"v2")                     the sample JPEG with a comment segment: another real JPEG
    compound_file("WordDocument")           a minimal OLE2 compound file holding one stream
    ooxml("word")                           a minimal docx/xlsx/pptx package

The JPEG and WebP are a 2×2 red canvas as Chromium's encoders wrote them; the PNG and the GIF are
1×1 pictures built by the formats' rules (chunks with CRCs, an LZW-coded image block).
"""

import base64
import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(text: str = "self assessment", size: int | None = None) -> bytes:
    """A one-page PDF 1.7 with a correct cross-reference table; with `size`, padded to exactly
    that many bytes by a comment before the table (as editors leave them)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]

    def build(padding: int) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        if padding:
            out += b"%" + b"0" * max(padding - 2, 0) + b"\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        return bytes(out)

    if size is None:
        return build(0)
    padding = size - len(build(0))
    while len(document := build(padding)) != size:  # the table's offset may gain a digit
        padding += size - len(document)
    return document


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


PDF = pdf()
PNG = (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
       + _png_chunk(b"IDAT", zlib.compress(b"\x00\xcc\x00\x00")) + _png_chunk(b"IEND", b""))
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChn"
    "VFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAA"
    "b6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQA"
    "AAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAg"
    "ADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBD"
    "ARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEB"
    "AxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAA"
    "AAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCdAHrB/9k="
)
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xcc\x00\x00\xff\xff\xff"  # screen, 2-colour table
       b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b")  # one image, trailer
WEBP = base64.b64decode(
    "UklGRhoCAABXRUJQVlA4WAoAAAAgAAAAAQAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChn"
    "VFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAA"
    "b6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQA"
    "AAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAg"
    "ADIAMAAxADZWUDggLAAAAJABAJ0BKgIAAgACwEwloAJ0ugADmAD+8DhD4rfUDRTf/Vof+rQ/9Wh+twAA"
)


def jpeg(comment: bytes) -> bytes:
    """The sample JPEG with a COM segment after SOI: a different file, still a real JPEG."""
    return JPEG[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + JPEG[2:]


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"This program cannot be run in DOS mode"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"

_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child=_NONE, start=_END, size=0) -> bytes:
    encoded = (name.encode("utf-16-le") + b"\x00\x00") if name else b""
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NONE, _NONE, child)
        + b"\x00" * 36
        + struct.pack("<IQ", start, size)
    )


def compound_file(stream: str) -> bytes:
    """An OLE2 (CFB v3) file with one 4096-byte stream named `stream` (stored in regular sectors,
    so no mini stream is needed): header, FAT sector, directory sector, 8 data sectors."""
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    )
    fat = [_FAT, _END] + [n + 1 for n in range(2, 9)] + [_END]
    fat_sector = struct.pack("<128I", *(fat + [_FREE] * (128 - len(fat))))
    directory = (
        _dir_entry("Root Entry", 5, child=1)
        + _dir_entry(stream, 2, start=2, size=4096)
        + _dir_entry("", 0) * 2
    )
    return header + fat_sector + directory + b"\x00" * 4096


OOXML_MAIN = {
    "word": ("word/document.xml", "wordprocessingml.document.main+xml",
             b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/>'
             b"</w:document>"),
    "xl": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml",
           b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'),
    "ppt": ("ppt/presentation.xml", "presentationml.presentation.main+xml",
            b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'),
}
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def content_types(path: str, main: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/{path}" ContentType="application/vnd.openxmlformats-officedocument.{main}"/>'
        "</Types>"
    ).encode()


def package_relationships(path: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="{path}"/></Relationships>'
    ).encode()


def ooxml(part: str) -> bytes:
    path, main, document = OOXML_MAIN[part]
    return zip_of({"[Content_Types].xml": content_types(path, main), "_rels/.rels": package_relationships(path),
                   path: b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + document})


OFD = zip_of({"OFD.xml": b'<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>',
              "Doc_0/Document.xml": b"<x/>"})

# A real-looking file for each allowed extension.
GOOD = {
    "pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "gif": GIF, "webp": WEBP,
    "docx": ooxml("word"), "xlsx": ooxml("xl"), "pptx": ooxml("ppt"),
    "doc": compound_file("WordDocument"), "xls": compound_file("Workbook"),
    "ppt": compound_file("PowerPoint Document"),
    "wps": compound_file("WordDocument"), "et": compound_file("Workbook"),
    "dps": compound_file("PowerPoint Document"),
    "ofd": OFD,
}


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    """A file called `name`; without `content`, a real one of the type its extension says."""
    if content is None:
        content = GOOD[name.rsplit(".", 1)[-1].lower()]
    return SimpleUploadedFile(name, content)
