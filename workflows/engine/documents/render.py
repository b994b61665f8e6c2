"""The PDF of a 发文 in the official layout (after GB/T 9704 党政机关公文格式, simplified): the
issuing agency's mark in red, the 文号 under it and a red rule, the title, the body with the list
of schools or people, the agency and the date at the bottom right with the place for the seal.

Rendering takes about a second (bench/pdf_render.py): fpdf2 parses the Noto Serif CJK collection
(two ~20 MB faces) and subsets it for every new PDF, so a document is rendered once, after the
issuing act has committed (engine.rendering), never inside it.
"""

from django.utils.translation import gettext as _

from core.pdf import new_pdf, pdf_bytes

RED = (204, 0, 0)
BLACK = (0, 0, 0)
LINE_MM = 9  # 仿宋三号 body lines, about 28 lines to an A4 page
SEAL_MM = 40


def chinese_date(day) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day}


def render(*, agency: str, number_text: str, title: str, opening: str, lines: list[str], closing: str,
           issued_on) -> bytes:
    pdf = new_pdf(title=title, author=agency)
    bold = "B" if pdf.cjk_has_bold else ""
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_text_color(*RED)
    pdf.set_font(pdf.cjk, bold, 30)
    pdf.cell(width, 18, _("%(agency)s文件") % {"agency": agency}, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_text_color(*BLACK)
    pdf.set_font(pdf.cjk, "", 14)
    pdf.cell(width, 9, number_text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(12)

    pdf.set_font(pdf.cjk, bold, 20)
    pdf.multi_cell(width, 11, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    pdf.set_font(pdf.cjk, "", 14)
    if opening:
        pdf.multi_cell(width, LINE_MM, "\u3000\u3000" + opening, new_x="LMARGIN", new_y="NEXT")
    for rank, line in enumerate(lines, 1):
        pdf.multi_cell(width, LINE_MM, f"\u3000\u3000{rank}. {line}", new_x="LMARGIN", new_y="NEXT")
    if closing:
        pdf.multi_cell(width, LINE_MM, "\u3000\u3000" + closing, new_x="LMARGIN", new_y="NEXT")

    # The signature block: agency and date at the right, the seal's place over them.
    if pdf.get_y() + SEAL_MM + 10 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(16)
    right = pdf.w - pdf.r_margin
    block_w = max(pdf.get_string_width(agency), pdf.get_string_width(chinese_date(issued_on))) + 8
    top = pdf.get_y()
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.3)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    centre_x = right - block_w / 2
    pdf.ellipse(centre_x - SEAL_MM / 2, top - 12, SEAL_MM, SEAL_MM)
    pdf.set_dash_pattern()
    pdf.set_text_color(*RED)
    pdf.set_font(pdf.cjk, "", 9)
    pdf.set_xy(centre_x - SEAL_MM / 2, top - 9)
    pdf.cell(SEAL_MM, 5, _("（印章）"), align="C")
    pdf.set_text_color(*BLACK)
    pdf.set_font(pdf.cjk, "", 14)
    pdf.set_xy(right - block_w, top + 6)
    pdf.cell(block_w, LINE_MM, agency, align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(block_w, LINE_MM, chinese_date(issued_on), align="C")
    return pdf_bytes(pdf)
