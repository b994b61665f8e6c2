"""The certificate's PDF: A4, in Chinese — the bureau's name, 证书, the holder, the
programme and the item's name, the number, the dates, and the QR code of the public verification
address with the address written under it (for a reader without a camera).

The QR is drawn as filled squares from segno's module matrix: vector, sharp in print, no image
library involved."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pdf import new_pdf, pdf_bytes

QR_SIZE_MM = 42
QR_BORDER = 2  # the quiet zone, in modules, that a scanner needs


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify", args=[code])


def qr_matrix(url: str) -> list[list[bool]]:
    """Rows of dark (True) modules of the QR code for `url` (error correction M), no border."""
    return [[bool(module) for module in row] for row in segno.make(url, error="m", micro=False).matrix]


def _draw_qr(pdf, url: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(url)
    count = len(matrix) + 2 * QR_BORDER
    module = size / count
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        col = 0
        while col < len(row):  # one rectangle per run of dark modules in a row
            if not row[col]:
                col += 1
                continue
            start = col
            while col < len(row) and row[col]:
                col += 1
            pdf.rect(x + (QR_BORDER + start) * module, y + (QR_BORDER + row_index) * module,
                     (col - start) * module, module, style="F")


def _date(day) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day}


def certificate_pdf(certificate, code: str) -> bytes:
    """The PDF of `certificate` (its fields as issued), its QR linking to the page of `code`."""
    url = verify_url(code)
    pdf = new_pdf(title=_("证书 %(number)s") % {"number": certificate.number}, format="A4", margin_mm=20)
    pdf.set_draw_color(150, 20, 20)
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    pdf.set_line_width(0.4)
    pdf.rect(15, 15, pdf.w - 30, pdf.h - 30)
    bold = "B" if pdf.cjk_has_bold else ""
    pdf.set_y(34)
    pdf.set_font(pdf.cjk, bold, 32)
    pdf.set_text_color(150, 20, 20)
    pdf.cell(0, 16, _("证书"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(pdf.cjk, size=12)
    pdf.cell(0, 8, _("证书编号：%(number)s") % {"number": certificate.number}, align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font(pdf.cjk, bold, 22)
    pdf.multi_cell(0, 12, certificate.holder, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(pdf.cjk, size=15)
    body = _("经审核，“%(title)s”被认定为%(programme)s。特发此证。") % {
        "title": certificate.title, "programme": certificate.programme}
    pdf.multi_cell(0, 10, body, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(pdf.cjk, size=12)
    validity = _("有效期：%(start)s至%(end)s") % {"start": _date(certificate.starts_on),
                                                  "end": _date(certificate.valid_until)}
    pdf.cell(0, 8, validity, align="C", new_x="LMARGIN", new_y="NEXT")
    # The issuing body and date, bottom right; the QR and its address, bottom left.
    bottom = pdf.h - 30
    pdf.set_xy(pdf.w - 110, bottom - 26)
    pdf.set_font(pdf.cjk, size=14)
    pdf.cell(80, 9, _("沈阳市教育局"), align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(80, 9, _date(certificate.issued_on), align="C")
    qr_y = bottom - QR_SIZE_MM - 4
    _draw_qr(pdf, url, 24, qr_y, QR_SIZE_MM)
    pdf.set_font(pdf.cjk, size=7)
    pdf.set_text_color(110, 110, 110)  # grey: the QR is the only black on the page's lower left
    pdf.set_xy(24, qr_y + QR_SIZE_MM)
    pdf.cell(0, 4, _("扫码或访问以下网址查验：") + url)
    return pdf_bytes(pdf)
