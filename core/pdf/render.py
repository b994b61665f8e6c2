"""An FPDF with the CJK font registered and selected, and its bytes."""

import logging

from fpdf import FPDF

from .fonts import cjk_font

# fontTools reports every table it prunes while subsetting at INFO: noise in every log.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def new_pdf(title: str = "", author: str = "", format: str = "A4", margin_mm: float = 25) -> FPDF:
    """A4 portrait with one page added and the CJK font selected at 12pt. `pdf.cjk` names the
    family for later set_font calls; "B" works only when the Bold face is installed
    (`pdf.cjk_has_bold`)."""
    font = cjk_font()
    pdf = FPDF(orientation="P", unit="mm", format=format)
    pdf.set_margins(margin_mm, margin_mm, margin_mm)
    pdf.set_auto_page_break(auto=True, margin=margin_mm)
    pdf.add_font(font.family, "", str(font.regular), collection_font_number=font.index)
    if font.bold:
        pdf.add_font(font.family, "B", str(font.bold), collection_font_number=font.index)
    pdf.cjk = font.family
    pdf.cjk_has_bold = font.bold is not None
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    # A fixed creation date would make identical input identical bytes; the document's own date
    # is what matters, fpdf's is only metadata.
    pdf.set_creator("city education bureau approvals")
    pdf.add_page()
    pdf.set_font(font.family, size=12)
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
