"""The approval sheet as a PDF (core.pdf: A4, Noto Serif CJK embedded as a subset)."""

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _

from fpdf.fonts import FontFace

from core.pdf import new_pdf, pdf_bytes
from workflows.web.printing.sheet import Sheet

GREY = (90, 90, 90)
HEAD = (238, 238, 238)


def _heading(pdf, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(pdf.cjk, "B" if pdf.cjk_has_bold else "", 13)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.cjk, size=10.5)


def _pairs(pdf, rows) -> None:
    with pdf.table(col_widths=(30, 70), text_align="LEFT", line_height=6.5, first_row_as_headings=False) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label)
            row.cell(value)


def _opinions(pdf, sheet: Sheet) -> None:
    if not sheet.opinions:
        pdf.cell(0, 7, _("还没有记录。"), new_x="LMARGIN", new_y="NEXT")
        return
    with pdf.table(col_widths=(22, 13, 26, 24, 55), text_align="LEFT", line_height=6,
                   headings_style=FontFace(emphasis="BOLD" if pdf.cjk_has_bold else None, fill_color=HEAD)) as table:
        head = table.row()
        for title in (_("环节"), _("意见"), _("办理人"), _("时间"), _("审批意见")):
            head.cell(title)
        for opinion in sheet.opinions:
            row = table.row()
            who = f"{opinion.who}\n{opinion.organisation}" if opinion.organisation else opinion.who
            for text in (opinion.step, opinion.action, who, opinion.when, opinion.comment or "—"):
                row.cell(text)


def sheet_pdf(sheet: Sheet) -> bytes:
    pdf = new_pdf(title=_("审批单") + " " + sheet.ref_no, author=_("沈阳市教育局"), margin_mm=18)
    pdf.set_font(pdf.cjk, "B" if pdf.cjk_has_bold else "", 18)
    pdf.cell(0, 11, _("沈阳市教育局 审批单"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.cjk, size=12)
    pdf.multi_cell(0, 7, sheet.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.cjk, size=10.5)
    pdf.cell(0, 7, _("编号：%(ref)s　当前状态：%(status)s") % {"ref": sheet.ref_no, "status": sheet.status},
             align="C", new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, _("基本信息"))
    _pairs(pdf, sheet.meta)
    _heading(pdf, _("申报内容"))
    _pairs(pdf, sheet.fields + [(_("申报材料"), "\n".join(sheet.files) or _("没有材料。"))])
    _heading(pdf, _("审批意见"))
    _opinions(pdf, sheet)
    _heading(pdf, _("当前状态"))
    if sheet.waiting:
        _pairs(pdf, [(step.step, _("办理人：%(who)s；期限：%(due)s") % {"who": step.who, "due": step.due})
                     for step in sheet.waiting])
    else:
        pdf.cell(0, 7, _("没有待办理的环节。当前状态：%(status)s") % {"status": sheet.status},
                 new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_text_color(*GREY)
    pdf.set_font(pdf.cjk, size=9)
    pdf.cell(0, 6, _("打印人：%(who)s　打印时间：%(when)s") % {"who": sheet.printed_by, "when": sheet.printed_at},
             align="R", new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)


def pdf_response(sheet) -> HttpResponse:
    """The sheet's PDF as a download named 审批单-<编号>.pdf (RFC 5987 for the Chinese name)."""
    response = HttpResponse(sheet_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename=\"{sheet.ref_no}.pdf\"; filename*=UTF-8''{quote(sheet.filename)}"
    return response
