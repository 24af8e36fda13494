"""The donor report as one CSV: the report's heading lines, then each figure's table after the other
(a line with its title, its header, its rows, its total, an empty line). Hidden figures are their shown
text; every cell is neutralised against formula injection."""

import csv
import io

from django.utils.translation import gettext as _

from analytics.presentation import neutralise as neutralised
from analytics.reports.content import ReportContent
from analytics.reports.layout import table_grid, table_header


def report_csv(content: ReportContent) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)

    def write(cells) -> None:
        writer.writerow([neutralised(str(cell)) for cell in cells])

    write([content.title])
    if content.programme:
        write([content.programme])
    write([_("Period: %(period)s") % {"period": content.period}])
    write([_("Figures of: %(scope)s") % {"scope": content.scope_title}])
    write([])
    for section in content.sections:
        write([section.title])
        write(table_header(section.table))
        for row in table_grid(section.table):
            write(row)
        write([])
    # A byte-order mark, so a spreadsheet opening the file reads its Cyrillic as UTF-8.
    return ("\ufeff" + output.getvalue()).encode("utf-8")
