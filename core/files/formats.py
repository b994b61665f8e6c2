"""What a PDF or an image must look like to be accepted as one (uploads.py's allow-list uses these).

Checking the first bytes only let through a PDF header followed by a web page, or a PNG
signature followed by a script (issue #11). So each check walks the format's structure as far as
it can without decoding the picture or the pages:

    pdf    the header, then only comments (without markup) up to the first object, and the
           trailer `startxref <n> %%EOF` at the end
    png    the chunks from IHDR to IEND, each with its CRC, and nothing after IEND
    jpeg   the marker segments from SOI through a frame header to the scan, and EOI at the end
    gif    the header, the colour table, the blocks (at least one image) and the trailer at the end
    webp   the RIFF size equal to the file's, a VP8/VP8L/VP8X first chunk, chunks to the end

Each takes a Probe (the first bytes and the file, whose position it may move: check_upload puts it
back) and answers True or False; a damaged or truncated file is False, never an exception.
"""

import re
import struct
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Probe:
    """What the checks look at: the first bytes, the file itself and its size."""

    head: bytes
    upload: object
    size: int


def _read_at(probe: Probe, offset: int, count: int) -> bytes:
    probe.upload.seek(offset)
    return probe.upload.read(count)


# --- PDF ------------------------------------------------------------------------------------
# `%PDF-1.7`, then comment lines (the customary binary marker), then object 1. A `<` before the
# first object is markup smuggled into a comment: refused.
PDF_START = re.compile(rb"%PDF-\d\.\d[ \t]*(?:\r\n|\r|\n)(?:[ \t\r\n\f\x00]*%[^\r\n<]*(?:\r\n|\r|\n))*"
                       rb"[ \t\r\n\f\x00]*\d+[ \t\r\n\f\x00]+\d+[ \t\r\n\f\x00]+obj\b")
# Readers look for the trailer in the last 1024 bytes; a scanner may pad with NULs after it.
PDF_TAIL_BYTES = 1024
PDF_END = re.compile(rb"startxref\s+\d+\s+%%EOF[\s\x00]*\Z")


def pdf(probe: Probe) -> bool:
    if not PDF_START.match(probe.head):
        return False
    tail = _read_at(probe, max(0, probe.size - PDF_TAIL_BYTES), PDF_TAIL_BYTES)
    return PDF_END.search(tail) is not None


# --- PNG ------------------------------------------------------------------------------------
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
READ_BLOCK = 64 * 1024


def png(probe: Probe) -> bool:
    if not probe.head.startswith(PNG_SIGNATURE):
        return False
    file = probe.upload
    file.seek(len(PNG_SIGNATURE))
    first = True
    while True:
        header = file.read(8)
        if len(header) < 8:
            return False  # ended without IEND
        length, kind = struct.unpack(">I4s", header)
        if not kind.isalpha() or (first and kind != b"IHDR") or length > probe.size:
            return False
        crc, remaining = zlib.crc32(kind), length
        while remaining:
            block = file.read(min(remaining, READ_BLOCK))
            if not block:
                return False
            crc, remaining = zlib.crc32(block, crc), remaining - len(block)
        stored = file.read(4)
        if len(stored) < 4 or struct.unpack(">I", stored)[0] != crc:
            return False
        if kind == b"IEND":
            return file.read(1) == b""
        first = False


# --- JPEG -----------------------------------------------------------------------------------
JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM, RST0-7: no length
JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # SOF0-15 (C4 DHT, C8 reserved, CC DAC)
JPEG_SOS, JPEG_EOI = 0xDA, 0xD9


def jpeg(probe: Probe) -> bool:
    if not probe.head.startswith(b"\xff\xd8\xff"):
        return False
    file = probe.upload
    position, framed = 2, False
    while True:
        marker = _read_at(probe, position, 2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return False
        code = marker[1]
        position += 2
        if code == 0xFF:  # a fill byte before the marker
            position -= 1
            continue
        if code in JPEG_STANDALONE:
            continue
        if code == JPEG_EOI:
            return False  # ended before any image data
        length_bytes = file.read(2)
        if len(length_bytes) < 2:
            return False
        length = struct.unpack(">H", length_bytes)[0]
        if length < 2 or position + length > probe.size:
            return False
        framed = framed or code in JPEG_FRAMES
        position += length
        if code == JPEG_SOS:
            # The entropy-coded scan follows; the file must end with EOI.
            return framed and _read_at(probe, probe.size - 2, 2) == b"\xff\xd9"


# --- GIF ------------------------------------------------------------------------------------
GIF_EXTENSION, GIF_IMAGE, GIF_TRAILER = 0x21, 0x2C, 0x3B


def _colour_table_size(packed: int) -> int:
    return 3 * 2 ** ((packed & 0x07) + 1) if packed & 0x80 else 0


def _skip_sub_blocks(file) -> bool:
    while True:
        size = file.read(1)
        if not size:
            return False
        if size == b"\x00":
            return True
        data = file.read(size[0])
        if len(data) < size[0]:
            return False


def gif(probe: Probe) -> bool:
    if probe.head[:6] not in (b"GIF87a", b"GIF89a"):
        return False
    file = probe.upload
    screen = _read_at(probe, 6, 7)
    if len(screen) < 7:
        return False
    file.seek(13 + _colour_table_size(screen[4]))
    images = 0
    while True:
        block = file.read(1)
        if not block:
            return False
        if block[0] == GIF_TRAILER:
            return images > 0 and file.read(1) == b""
        if block[0] == GIF_EXTENSION:
            if len(file.read(1)) < 1 or not _skip_sub_blocks(file):
                return False
        elif block[0] == GIF_IMAGE:
            descriptor = file.read(9)
            if len(descriptor) < 9:
                return False
            file.seek(file.tell() + _colour_table_size(descriptor[8]))
            if len(file.read(1)) < 1 or not _skip_sub_blocks(file):  # LZW code size, then the data
                return False
            images += 1
        else:
            return False


# --- WebP -----------------------------------------------------------------------------------
WEBP_FIRST_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X"}


def webp(probe: Probe) -> bool:
    head = probe.head
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP" or len(head) < 20:
        return False
    if struct.unpack("<I", head[4:8])[0] + 8 != probe.size:
        return False
    if head[12:16] not in WEBP_FIRST_CHUNKS:
        return False
    # The first frame's own signature: a VP8 key frame's start code, VP8L's signature byte.
    if head[12:16] == b"VP8 " and head[23:26] != b"\x9d\x01\x2a":
        return False
    if head[12:16] == b"VP8L" and head[20:21] != b"\x2f":
        return False
    position = 12
    while position < probe.size:
        chunk = _read_at(probe, position, 8)
        if len(chunk) < 8 or not re.fullmatch(rb"[A-Z0-9 ]{4}", chunk[:4]):
            return False
        length = struct.unpack("<I", chunk[4:])[0]
        position += 8 + length + (length & 1)  # chunks are padded to an even size
    return position == probe.size
