"""The 推荐汇总表 as a PDF (core.pdf, the CJK font embedded): the campaign, the signing district,
the ranked schools with their scores where there are any, the signer and the date, and the place
for the district's seal. Rendered when asked for (a GET, never inside an act): the list does not
change once signed, only its members' later fate, which the paper does not show."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import new_pdf, pdf_bytes
from workflows.engine.documents.render import SEAL_MM, chinese_date

ROW_MM = 9


def summary_title(list_act) -> str:
    return _("%(organisation)s%(step)s汇总表") % {"organisation": list_act.organisation,
                                                "step": list_act.step_title}


def render_summary(summary) -> bytes:
    list_act = summary.list_act
    title = summary_title(list_act)
    pdf = new_pdf(title=title, author=str(list_act.organisation), margin_mm=20)
    bold = "B" if pdf.cjk_has_bold else ""
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(pdf.cjk, bold, 18)
    pdf.multi_cell(width, 10, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.cjk, "", 11)
    if list_act.campaign is not None:
        pdf.multi_cell(width, 7, _("申报批次：%(campaign)s") % {"campaign": list_act.campaign}, new_x="LMARGIN",
                       new_y="NEXT")
    pdf.multi_cell(width, 7, _("名单编号：%(pk)s　共%(size)s所") % {"pk": list_act.pk, "size": list_act.size},
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    scores = summary.has_scores
    columns = [(_("排名"), 16), (_("学校"), 0), (_("区县"), 34), (_("编号"), 38)] + ([(_("得分"), 20)] if scores else [])
    fixed = sum(w for _label, w in columns)
    columns = [(label, w or width - fixed) for label, w in columns]
    pdf.set_font(pdf.cjk, bold, 11)
    for label, w in columns:
        pdf.cell(w, ROW_MM, label, border=1, align="C")
    pdf.ln(ROW_MM)
    pdf.set_font(pdf.cjk, "", 11)
    for row in summary.rows:
        cells = [str(row.rank), row.school.name, row.district.name if row.district else "", row.item.ref_no]
        if scores:
            cells.append("" if row.score is None else str(row.score))
        if pdf.get_y() + ROW_MM > pdf.h - pdf.b_margin:
            pdf.add_page()
        for (label, w), text in zip(columns, cells):
            pdf.cell(w, ROW_MM, text, border=1, align="L" if label == _("学校") else "C")
        pdf.ln(ROW_MM)

    if list_act.comment:
        pdf.ln(3)
        pdf.multi_cell(width, 7, _("推荐意见：%(comment)s") % {"comment": list_act.comment}, new_x="LMARGIN",
                       new_y="NEXT")
    if pdf.get_y() + SEAL_MM + 20 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(10)
    signed = timezone.localtime(list_act.created_at).date()
    pdf.cell(width / 2, 8, _("签发人：%(name)s") % {"name": list_act.actor.full_name})
    pdf.cell(width / 2, 8, _("签发日期：%(date)s") % {"date": chinese_date(signed)}, align="R",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    right = pdf.w - pdf.r_margin
    top = pdf.get_y()
    pdf.set_line_width(0.3)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.rect(right - SEAL_MM - 10, top, SEAL_MM + 10, SEAL_MM)
    pdf.set_dash_pattern()
    pdf.set_xy(right - SEAL_MM - 10, top + SEAL_MM / 2 - 4)
    pdf.cell(SEAL_MM + 10, 8, _("（%(organisation)s盖章）") % {"organisation": list_act.organisation}, align="C")
    return pdf_bytes(pdf)
