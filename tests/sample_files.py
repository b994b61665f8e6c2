"""Small but real files of every allowed type, and disguised ones, for upload tests.

    upload("自评报告.pdf")                  a SimpleUploadedFile whose content fits its extension
    upload("a.pdf", content=EXE)            any content under any name
    compound_file("WordDocument")           a minimal OLE2 compound file holding one stream
    ooxml("word")                           a minimal docx/xlsx/pptx package
"""

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14
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
    "word": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xl": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "ppt": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(part: str) -> bytes:
    path, main = OOXML_MAIN[part]
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{path}" ContentType="application/vnd.openxmlformats-officedocument.{main}"/>'
        "</Types>"
    )
    return zip_of({"[Content_Types].xml": types.encode(), path: b"<x/>"})


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
