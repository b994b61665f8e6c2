"""The shared PDF layer: an FPDF that writes Chinese with an open-licence CJK font embedded as a
subset (only the glyphs a document uses, so a one-page 发文 stays a few kilobytes).

How a renderer uses it::

    from core.pdf import new_pdf, pdf_bytes

    pdf = new_pdf(title="关于表彰……的决定")      # A4, margins set, CJK font selected
    pdf.set_font(pdf.cjk, size=22)              # pdf.cjk is the family name (regular)
    pdf.cell(0, 12, "沈阳市教育局", align="C")
    pdf.set_font(pdf.cjk, "B", 16)              # bold exists when the Bold face is installed
    ...
    data = pdf_bytes(pdf)                       # bytes to store in a FileField

The font comes from `core.pdf.fonts.cjk_font()`: Debian's `fonts-noto-cjk` (SIL Open Font
Licence; Noto Serif CJK SC, the collection's Simplified-Chinese face). fpdf2 2.8 embeds its CFF
outlines as a subset and writes a ToUnicode map, so text extraction (pypdf) reads the Chinese
back; tests rely on that (`pdf_text(data)` gives the text without spacing). A missing font is a clear error naming the package, never a PDF of
empty boxes.
"""

from .fonts import CJKFont, FontMissing, cjk_font
from .render import new_pdf, pdf_bytes
from .text import pdf_text

__all__ = ["CJKFont", "FontMissing", "cjk_font", "new_pdf", "pdf_bytes", "pdf_text"]
