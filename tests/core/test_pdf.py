"""The shared PDF layer writes Chinese that reads back (the font is embedded with a ToUnicode
map) and embeds only a subset of the font (the file stays small)."""

import io

import pytest
from pypdf import PdfReader

from core.pdf import FontMissing, cjk_font, new_pdf, pdf_bytes, pdf_text
from core.pdf import fonts


text_of = pdf_text


def test_chinese_text_reads_back_from_the_pdf():
    pdf = new_pdf(title="关于表彰的决定")
    pdf.set_font(pdf.cjk, size=20)
    pdf.cell(0, 12, "沈阳市教育局", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(pdf.cjk, size=12)
    pdf.multi_cell(0, 8, "沈教发〔2026〕3号\n沈阳市第一二〇中学、和平区实验小学")
    data = pdf_bytes(pdf)
    assert data.startswith(b"%PDF-")
    text = text_of(data)
    for expected in ("沈阳市教育局", "沈教发〔2026〕3号", "沈阳市第一二〇中学", "和平区实验小学"):
        assert expected in text
    assert PdfReader(io.BytesIO(data)).metadata.title == "关于表彰的决定"


def test_the_font_is_embedded_as_a_subset():
    pdf = new_pdf()
    pdf.cell(text="印发")
    data = pdf_bytes(pdf)
    # The whole Noto CJK collection is tens of megabytes; a subset of two glyphs is kilobytes.
    assert len(data) < 60_000
    reader = PdfReader(io.BytesIO(data))
    fonts_used = reader.pages[0]["/Resources"]["/Font"]
    names = [str(f.get_object()["/BaseFont"]).lstrip("/") for f in fonts_used.values()]
    # PDF subset fonts carry a six-letter tag: "ABCDEF+Name".
    assert names and all("+" in n and len(n.split("+")[0]) == 6 for n in names)


def test_bold_face_is_usable_when_installed():
    pdf = new_pdf()
    assert pdf.cjk_has_bold == (cjk_font().bold is not None)
    if pdf.cjk_has_bold:
        pdf.set_font(pdf.cjk, "B", 16)
        pdf.cell(text="决定")
        assert "决定" in text_of(pdf_bytes(pdf))


def test_a_missing_font_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "SEARCH_DIRS", (tmp_path,))
    fonts.cjk_font.cache_clear()
    try:
        with pytest.raises(FontMissing, match="fonts-noto-cjk"):
            cjk_font()
    finally:
        fonts.cjk_font.cache_clear()
