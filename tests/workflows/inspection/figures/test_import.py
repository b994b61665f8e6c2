"""A district's Excel import: the template (with its 填写说明), a dry run that writes nothing, every
error as (row, column, Chinese message), all or nothing, schools matched by 学校标识码 only."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.audit.models import AuditEvent
from tests.workflows.inspection.figures.conftest import GOOD, target
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.inspection.figures.models import FigureReturn
from workflows.inspection.figures.reading import template_for
from workflows.inspection.figures.services import import_figures, submit_figures


def template(town, user=None):
    content, filename = template_for(user or town.staff_a, town.balanced, town.city.district_a.pk)
    return load_workbook(BytesIO(content)), filename


def filled(book, rows=None) -> bytes:
    """The template with every data row filled with GOOD, then `rows` ({row: {column: value}}) on top."""
    sheet = book["要素填报"]
    codes = [cell.value for cell in sheet[2]]
    for row in range(3, sheet.max_row + 1):
        for index, code in enumerate(codes[3:], start=4):
            sheet.cell(row=row, column=index, value=float(GOOD[code]) if "." in GOOD[code] else int(GOOD[code]))
    for row, cells in (rows or {}).items():
        for column, value in cells.items():
            sheet[f"{column}{row}"] = value
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_lists_the_district_schools_by_section_with_instructions(town):
    city = town.city
    submit_figures(target=target(town.balanced, city.school_a), section="primary", values=GOOD, by=city.head)
    book, filename = template(town)
    assert book.sheetnames == ["要素填报", "填写说明"] and filename == "2021年义务教育优质均衡资源配置-和平区-导入模板.xlsx"
    sheet = book["要素填报"]
    assert [c.value for c in sheet[1]][:4] == ["学校标识码", "学校名称（仅供核对）", "学段", "在校学生数（人）"]
    assert [c.value for c in sheet[2]][3:5] == ["students", "teachers"]
    rows = [[c.value for c in row][:4] for row in sheet.iter_rows(min_row=3)]
    assert rows == [["2101020001", "和平一校", "小学", 1000], ["2101020005", "和平第一初中", "初中", None],
                    ["2101020007", "和平实验学校", "小学", None], ["2101020007", "和平实验学校", "初中", None]]
    notes = "\n".join(str(c.value) for row in book["填写说明"].iter_rows() for c in row if c.value)
    assert "九年一贯制学校分“小学”“初中”两行" in notes and "县级及以上骨干教师数不能多于专任教师数。" in notes
    assert "教学及辅助用房面积" in notes and "≤10000000" in notes


def test_a_dry_run_writes_nothing_and_the_import_writes_every_row(town):
    content = filled(template(town)[0])
    report = import_figures(collection=town.balanced, district=town.city.district_a, content=content,
                            by=town.staff_a, dry_run=True)
    assert report.ok and report.rows == 4 and report.written == 0 and not FigureReturn.objects.exists()
    report = import_figures(collection=town.balanced, district=town.city.district_a, content=content,
                            by=town.staff_a, dry_run=False)
    assert report.ok and report.written == 4
    assert FigureReturn.objects.filter(imported=True).count() == 4
    assert set(target(town.balanced, town.nine_year).returns.values_list("section", flat=True)) == {"primary", "junior"}
    event = AuditEvent.objects.get(action="figures_import")
    assert event.data == {"rows": 4, "schools": ["2101020001", "2101020005", "2101020007"]}


def test_every_error_is_reported_by_row_and_column_and_nothing_is_written(town):
    city = town.city
    content = filled(template(town)[0], {
        3: {"D": 0},  # students ≤ 0
        4: {"G": 999},  # 骨干 teachers above the 80 teachers
        5: {"C": "高中"},  # a section the school does not have
        6: {"I": "12.345"},  # three decimals of ㎡
        7: {"A": "2101020005", "B": "和平第一初中", "C": "初中", **{c: v for c, v in zip("DEFGHIJKL", [1] * 9)}},
        8: {"A": "2101039999", "B": "不存在的学校", "C": "小学"},  # a code that matches no school
        9: {"A": "2101030001", "B": "沈河一校", "C": "小学"},  # another district's school
        10: {"A": None, "B": "和平一校", "C": "小学"},  # a name only: never matched by name
    })
    report = import_figures(collection=town.balanced, district=city.district_a, content=content, by=town.staff_a,
                            dry_run=False)
    assert not report.ok and report.written == 0
    assert report.errors == [
        (3, "D", "“在校学生数”必须大于0。"),
        (4, "G", "县级及以上骨干教师数不能多于专任教师数。"),
        (5, "C", "和平实验学校应填报的学段为：小学、初中。"),
        (6, "I", "“教学及辅助用房面积”最多保留2位小数。"),
        (7, "C", "与第4行重复：同一学校同一学段只能填一行。"),
        (8, "A", "学校标识码“2101039999”没有对应的学校。"),
        (9, "A", "学校标识码“2101030001”不是本区县参加本次数据采集的学校。"),
        (10, "A", "请填写学校标识码。"),
    ]
    assert not FigureReturn.objects.exists() and not AuditEvent.objects.filter(action="figures_import").exists()


def test_a_file_that_is_not_the_template_is_refused_in_words(town):
    city = town.city
    for content, message in ((b"not a workbook", "无法读取该文件"), (b"", "无法读取该文件")):
        report = import_figures(collection=town.balanced, district=city.district_a, content=content,
                                by=town.staff_a, dry_run=True)
        assert message in report.errors[0][2]
    book = load_workbook(BytesIO(filled(template(town)[0])))
    book["要素填报"]["E2"] = "teacher_count"  # the code row edited
    report = import_figures(collection=town.balanced, district=city.district_a, content=filled_any(book),
                            by=town.staff_a, dry_run=True)
    assert report.errors == [(2, "", "第2行缺少要素代码：专任教师数（teachers）。请使用下载的模板，不要修改第2行。")]
    book, _name = template(town)
    book["要素填报"].title = "Sheet1"
    report = import_figures(collection=town.balanced, district=city.district_a, content=filled_any(book),
                            by=town.staff_a, dry_run=True)
    assert report.errors == [(None, "", "文件中没有“要素填报”工作表，请使用下载的模板。")]


def filled_any(book) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_attacks_on_the_import_and_its_template_write_nothing(town):
    city = town.city
    content = filled(template(town)[0])
    for intruder, error in ((town.staff_b, NotFound), (city.head_b, NotFound), (city.head, NotAllowed),
                            (city.reviewer, NotAllowed),
                            (town.inspector_office, NotAllowed), (city.city, NotFound)):
        with pytest.raises(error):
            import_figures(collection=town.balanced, district=city.district_a, content=content, by=intruder,
                           dry_run=False)
        with pytest.raises(error):
            template_for(intruder, town.balanced, city.district_a.pk)
    assert not FigureReturn.objects.exists()
