"""Reading a PDF's text back (tests, and a check that a stored document says what it should).

fpdf2 writes the CJK font with an embedded encoding CMap (two-byte codes); pypdf decodes those
as a NUL before each glyph and spaces glyphs apart, while poppler's pdftotext reads them clean.
The text is the same, so the reader drops NULs and whitespace: a test compares "沈教发〔2026〕3号",
not its spacing.
"""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    raw = "".join(page.extract_text() for page in reader.pages)
    return "".join(raw.replace("\x00", "").split())
