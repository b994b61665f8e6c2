"""The template of an import kind: its Chinese headers (required ones bold), a note under each
that needs one, an example row, and a validation list on each column with fixed choices."""

from io import BytesIO

from django.utils.translation import gettext as _

from core.imports.registry import ImportKind

# Excel refuses a list validation whose inline formula is longer than this: longer lists go to
# a hidden sheet and the validation points there.
INLINE_LIST_LIMIT = 250
EXAMPLE_ROWS = 1


def workbook_bytes(kind: ImportKind) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(kind.label)
    lists = None
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=str(column.header))
        header.font = Font(bold=column.required)
        header.fill = PatternFill("solid", fgColor="FDE2E1" if column.required else "EEEEEE")
        note = [_("必填") if column.required else _("选填")] + ([str(column.hint)] if column.hint else [])
        header.comment = Comment("；".join(note), "")
        example = sheet.cell(row=2, column=index, value=column.example)
        example.number_format = "@"  # codes and phone numbers stay text, with their leading digits
        sheet.column_dimensions[letter].width = max(12, len(str(column.header)) * 2 + 4)
        for row in range(3, 1002):
            sheet.cell(row=row, column=index).number_format = "@"
        choices = kind.choices(column.key)
        if not choices:
            continue
        inline = '"' + ",".join(choices) + '"'
        if len(inline) <= INLINE_LIST_LIMIT and not any("," in choice for choice in choices):
            formula = inline
        else:
            if lists is None:
                lists = workbook.create_sheet(_("可选值"))
                lists.sheet_state = "hidden"
            for row, choice in enumerate(choices, start=1):
                lists.cell(row=row, column=index, value=choice)
            formula = f"'{lists.title}'!${letter}$1:${letter}${len(choices)}"
        validation = DataValidation(type="list", formula1=formula, allow_blank=not column.required,
                                    showErrorMessage=True, errorTitle=str(column.header),
                                    error=_("请从下拉列表中选择。"))
        validation.add(f"{letter}2:{letter}100000")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
