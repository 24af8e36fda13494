"""The donor report as PDF (fpdf2): a title page block, then each figure's table and bar chart.

Text is set in the vendored DejaVu Sans (``awards.certificates`` loads it the same way), so Cyrillic
renders on every machine; the charts are drawn with fpdf2's own rectangles, no image library."""

import logging

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from analytics.reports.content import ReportContent, Section
from analytics.reports.layout import chart_bars, table_grid, table_header
from awards.certificates import ACCENT, FONT, FONT_FILES, _font_path

# fontTools reports every glyph it subsets at INFO: not worth a line per report in the logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

MARGIN = 15
ROW_HEIGHT = 6
GREY = (110, 110, 110)
RULE = (200, 200, 200)


def _table(pdf: FPDF, section: Section) -> None:
    header = table_header(section.table)
    width = pdf.w - 2 * MARGIN
    figures = len(header) - 1
    figure_width = min(28.0, width * 0.5 / figures)
    label_width = width - figure_width * figures
    widths = [label_width] + [figure_width] * figures

    def line(cells: list[str], *, bold: bool = False) -> None:
        pdf.set_font(FONT, "B" if bold else "", 8.5)
        for index, (text, cell_width) in enumerate(zip(cells, widths, strict=True)):
            pdf.cell(cell_width, ROW_HEIGHT, text, border="B", align="L" if index == 0 else "R")
        pdf.ln(ROW_HEIGHT)

    pdf.set_draw_color(*RULE)
    line(header, bold=True)
    grid = table_grid(section.table)
    for row in grid[:-1]:
        line(row)
    line(grid[-1], bold=True)


def _chart(pdf: FPDF, section: Section) -> None:
    bars = chart_bars(section.table)
    largest = max((value for _label, value, _shown in bars if value), default=0)
    if not bars or not largest:
        return
    label_width, bar_height = 55, 4.5
    room = pdf.w - 2 * MARGIN - label_width - 15
    pdf.ln(3)
    pdf.set_font(FONT, "", 7.5)
    for label, value, shown in bars:
        y = pdf.get_y()
        pdf.set_text_color(0, 0, 0)
        pdf.set_x(MARGIN)
        pdf.cell(label_width - 2, bar_height, label[:40], align="R")
        if value:
            pdf.set_fill_color(*ACCENT)
            pdf.rect(MARGIN + label_width, y + 0.6, room * value / largest, bar_height - 1.2, style="F")
        pdf.set_text_color(*GREY)
        pdf.set_xy(MARGIN + label_width + (room * (value or 0) / largest) + 1.5, y)
        pdf.cell(15, bar_height, shown)
        pdf.set_y(y + bar_height + 0.8)
    pdf.set_text_color(0, 0, 0)


def report_pdf(content: ReportContent, *, language: str) -> bytes:
    """The report in the active language (the caller overrides it to ``language``)."""
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    for style in FONT_FILES:
        pdf.add_font(FONT, style, _font_path(style))
    pdf.set_title(content.title)
    pdf.set_creator("Amanat")
    pdf.set_lang(language)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def paragraph(text: str, size: float, style: str = "", *, color=(0, 0, 0), gap: float = 2) -> None:
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    paragraph(content.title, 20, "B", color=ACCENT)
    if content.programme:
        paragraph(content.programme, 13, "B")
    paragraph(_("Period: %(period)s") % {"period": content.period}, 10)
    paragraph(_("Figures of: %(scope)s") % {"scope": content.scope_title}, 10)
    paragraph(
        _("Built on %(date)s") % {"date": date_format(content.generated_at, "j E Y, H:i")},
        9,
        color=GREY,
        gap=4,
    )
    if content.introduction:
        paragraph(content.introduction, 10, gap=4)
    for sentence in content.summary:
        paragraph(sentence, 10)
    if not content.sections:
        paragraph(_("No data for the chosen period and filters."), 10)
    for section in content.sections:
        if pdf.get_y() > pdf.h - 70:
            pdf.add_page()
        pdf.ln(3)
        paragraph(section.title, 12, "B", color=ACCENT, gap=1)
        if section.table.is_empty:
            paragraph(_("No data for the chosen period and filters."), 9, color=GREY)
            continue
        _table(pdf, section)
        _chart(pdf, section)
    if content.stories:
        pdf.ln(3)
        paragraph(_("Victims’ stories"), 12, "B", color=ACCENT, gap=1)
        for story in content.stories:
            paragraph(story.title, 10, "B")
            paragraph(story.text, 10)
            paragraph(
                _("Shared by %(organisation)s") % {"organisation": story.organisation}, 8, color=GREY, gap=3
            )
    pdf.ln(4)
    paragraph(
        _(
            'Figures below %(threshold)s are shown as "<%(threshold)s"; "–" marks a figure hidden so that '
            "a small one cannot be worked out."
        )
        % {"threshold": next((s.table.threshold for s in content.sections if s.table.threshold), 5)},
        8,
        color=GREY,
    )
    return bytes(pdf.output())
