"""The donor report as XLSX (openpyxl): a first sheet naming the report, then one sheet per figure with
the same table as the PDF. Figures shown are numbers; hidden ones are their shown text ("<5", "–");
every text cell is neutralised against formula injection."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from analytics.presentation import neutralise as neutralised
from analytics.reports.content import ReportContent
from analytics.reports.layout import table_header
from analytics.tables import TOTAL

BOLD = Font(bold=True)
# Characters a sheet title may not hold, and its length limit.
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _sheet_title(number: int, title: str) -> str:
    return f"{number}. {title.translate(SHEET_FORBIDDEN)}"[:31].strip()


def _cell(table, row: str, column: str):
    value = table.shown_value(row, column)
    if value is None:
        return table.shown(row, column)
    return float(value) if isinstance(value, Decimal) else value


def report_xlsx(content: ReportContent) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    cover.title = _sheet_title(0, str(_("Report")))
    lines = [content.title, content.programme, _("Period: %(period)s") % {"period": content.period}]
    lines += [_("Figures of: %(scope)s") % {"scope": content.scope_title}, content.introduction]
    lines += content.summary
    for line in lines:
        if line:
            cover.append([neutralised(str(line))])
    cover["A1"].font = BOLD
    for number, section in enumerate(content.sections, start=1):
        table = section.table
        sheet = workbook.create_sheet(_sheet_title(number, section.title))
        sheet.append([neutralised(section.title)])
        sheet["A1"].font = BOLD
        sheet.append([neutralised(text) for text in table_header(table)])
        columns = [column.key for column in table.columns] + [TOTAL] if table.is_crosstab else [TOTAL]
        for row in table.rows:
            sheet.append([neutralised(row.label), *[_cell(table, row.key, column) for column in columns]])
        sheet.append([neutralised(str(_("Total"))), *[_cell(table, TOTAL, column) for column in columns]])
        for cell in sheet[2]:
            cell.font = BOLD
        sheet.column_dimensions["A"].width = 40
    if content.stories:
        stories = workbook.create_sheet(_sheet_title(len(content.sections) + 1, str(_("Victims’ stories"))))
        for story in content.stories:
            stories.append([neutralised(text) for text in (story.title, story.text, str(story.organisation))])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
