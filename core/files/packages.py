"""What an Office, WPS or OFD file must hold to be accepted as one (uploads.py's allow-list).

    ooxml(kind)   a zip whose first bytes are a local header; [Content_Types].xml declares the
                  kind's main type for a part (word/document.xml for a Word document …); that
                  part exists, is not [Content_Types].xml itself, and is XML whose root element
                  is the kind's (w:document, workbook, presentation); the package relationships
                  (_rels/.rels) name it as the office document
    ofd           a zip whose root entry OFD.xml is XML with an <ofd:OFD> root
    ole2(...)     a compound file holding one of the named streams ("WordDocument" …)

A forged [Content_Types].xml alone (issue #11), pointing at any member, no longer passes.
Members are only partly decompressed (their first KB), so a zip bomb costs nothing.
"""

import re
import zipfile
from typing import Callable

import olefile

from core.files.formats import Probe

# [Content_Types].xml and _rels/.rels of a real document are a few KB; larger ones are not read.
PACKAGE_XML_MAX = 256 * 1024
# Enough of a main part to see its root element past an XML declaration and comments.
ROOT_PEEK = 4096
CONTENT_TYPES = "[Content_Types].xml"
# What reading a damaged, encrypted or oddly compressed member raises: all mean "not this kind".
ZIP_ERRORS = (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, NotImplementedError)
ROOT_ELEMENT = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]",
    re.S,
)
RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
OFFICE_DOCUMENT = re.compile(rb"""\sType=["'][^"']*/officeDocument["']""")
TARGET = re.compile(rb"""\sTarget=["'](?:\.?/)?([^"']+)["']""")


def _zip_members(probe: Probe) -> zipfile.ZipFile | None:
    # The local header must come first: a program with a zip appended (a self-extracting .exe)
    # also opens as a zip, from its end.
    if not probe.head.startswith(b"PK\x03\x04"):
        return None
    try:
        probe.upload.seek(0)
        return zipfile.ZipFile(probe.upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    info = archive.getinfo(name)
    return None if info.file_size > PACKAGE_XML_MAX else archive.read(info)


def _root_element(archive: zipfile.ZipFile, name: str) -> str | None:
    with archive.open(name) as member:
        match = ROOT_ELEMENT.match(member.read(ROOT_PEEK))
    return match.group(1).decode("ascii", "replace") if match else None


def _office_document_targets(archive: zipfile.ZipFile) -> set[str]:
    relationships = _read_small(archive, "_rels/.rels") or b""
    return {
        target.group(1).decode("utf-8", "replace")
        for relationship in RELATIONSHIP.finditer(relationships)
        if OFFICE_DOCUMENT.search(relationship.group(0)) and (target := TARGET.search(relationship.group(0)))
    }


def ooxml(main_type: str, root: str) -> Callable[[Probe], bool]:
    """An Office Open XML package whose main part (declared `main_type`) has the root element `root`."""
    declared_main = re.compile(
        rb"""<Override\b[^>]*?PartName=["']/?([^"']+)["'][^>]*?ContentType=["']"""
        + re.escape(main_type.encode())
        + rb"""["']"""
    )

    def check(probe: Probe) -> bool:
        archive = _zip_members(probe)
        if archive is None:
            return False
        try:
            declared = _read_small(archive, CONTENT_TYPES)
            if declared is None:
                return False
            names = set(archive.namelist())
            mains = {match.group(1).decode("utf-8", "replace") for match in declared_main.finditer(declared)}
            targets = _office_document_targets(archive)
            return any(
                part in names and part != CONTENT_TYPES and part in targets and _root_element(archive, part) == root
                for part in mains
            )
        except ZIP_ERRORS:
            return False

    return check


def ofd(probe: Probe) -> bool:
    """GB/T 33190 OFD: a zip whose entry file OFD.xml, at the root, is an <ofd:OFD> document."""
    archive = _zip_members(probe)
    if archive is None:
        return False
    try:
        return "OFD.xml" in archive.namelist() and _root_element(archive, "OFD.xml") == "OFD"
    except ZIP_ERRORS:
        return False


def ole2(*streams: str) -> Callable[[Probe], bool]:
    """A legacy Office / WPS compound file holding one of `streams` (Word's "WordDocument", …)."""

    def check(probe: Probe) -> bool:
        if not probe.head.startswith(olefile.MAGIC):
            return False
        try:
            probe.upload.seek(0)
            with olefile.OleFileIO(probe.upload) as ole:
                return any(ole.exists(stream) for stream in streams)
        except Exception:  # olefile raises many kinds of error on a damaged file: all mean "no"
            return False

    return check
