"""Award certificates as PDF (fpdf2): one template for winners and nominees, in English or Russian.

The text is set in DejaVu Sans, vendored in ``static/vendor/dejavu/`` with its licence, so that Cyrillic
renders the same on every machine: no system font is ever read. The PDF names organisations, the
nomination, the forum and its organiser, never a person."""

from __future__ import annotations

import dataclasses
import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

FONT = "DejaVu"
FONT_FILES = {"": "vendor/dejavu/DejaVuSans.ttf", "B": "vendor/dejavu/DejaVuSans-Bold.ttf"}
LANGUAGES = ("en", "ru")
ACCENT = (29, 111, 95)  # the site's accent colour (static/css/amanat.css)


@dataclasses.dataclass(frozen=True)
class CertificateFacts:
    """What a certificate says, every name already in its language."""

    competition: str
    organisation: str
    nomination: str
    is_winner: bool
    venue: str
    forum_starts_on: datetime.date
    forum_ends_on: datetime.date
    organiser: str


def _name_in(organisation, language: str) -> str:
    return organisation.name_ru if language == "ru" and organisation.name_ru else organisation.name_en


def facts_of(*, entry, is_winner: bool, language: str) -> CertificateFacts:
    competition = entry.competition
    return CertificateFacts(
        competition=competition.name_in(language),
        organisation=_name_in(entry.organisation, language),
        nomination=entry.nomination.name_in(language),
        is_winner=is_winner,
        venue=competition.venue,
        forum_starts_on=competition.forum_starts_on,
        forum_ends_on=competition.forum_ends_on,
        organiser=_name_in(competition.organisation, language),
    )


@cache
def _font_path(style: str) -> str:
    found = finders.find(FONT_FILES[style])
    return found or str(Path(settings.BASE_DIR) / "static" / FONT_FILES[style])


def forum_dates(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """'2–3 September 2013' / '2–3 сентября 2013' in the active language."""
    last = date_format(ends_on, "j E Y")
    if starts_on == ends_on:
        return last
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{last}"
    if starts_on.year == ends_on.year:
        return f"{date_format(starts_on, 'j E')} – {last}"
    return f"{date_format(starts_on, 'j E Y')} – {last}"


def _texts(facts: CertificateFacts) -> dict[str, str]:
    standing = (
        _("Winner of the nomination “%(nomination)s”")
        if facts.is_winner
        else _("Nominee in the nomination “%(nomination)s”")
    ) % {"nomination": facts.nomination}
    dates = forum_dates(facts.forum_starts_on, facts.forum_ends_on)
    return {
        "title": _("Certificate"),
        "awarded_to": _("awarded to"),
        "standing": standing,
        "forum": _("%(place)s, %(dates)s") % {"place": facts.venue, "dates": dates} if facts.venue else dates,
        "organiser": _("Organised by %(organiser)s") % {"organiser": facts.organiser},
    }


def certificate_pdf(facts: CertificateFacts, *, language: str) -> bytes:
    """The one certificate template: an A4 landscape page, in ``language`` ("en" or "ru")."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown certificate language: {language!r}")
    with translation.override(language):
        texts = _texts(facts)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=False)
    for style in FONT_FILES:
        pdf.add_font(FONT, style, _font_path(style))
    pdf.set_title(f"{texts['title']}: {facts.competition}")
    pdf.set_creator("Amanat")
    pdf.set_lang(language)
    pdf.add_page()
    width = pdf.w - 2 * 20
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, pdf.w - 28, pdf.h - 28)

    def line(text: str, size: float, style: str = "", *, height: float, color=(0, 0, 0), gap: float = 0):
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.set_x(20)
        pdf.multi_cell(width, height, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(30)
    line(facts.competition, 16, height=8, color=ACCENT, gap=10)
    line(texts["title"], 40, "B", height=16, gap=8)
    line(texts["awarded_to"], 14, height=8, gap=4)
    line(facts.organisation, 26, "B", height=12, color=ACCENT, gap=8)
    line(texts["standing"], 16, height=8, gap=14)
    line(texts["forum"], 12, height=7)
    line(texts["organiser"], 12, height=7)
    return bytes(pdf.output())
