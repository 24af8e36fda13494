"""What a donor report holds: its title, period, scope and programme, and one section per figure, each
an indicator's table read through ``indicator_table`` (so small cells are protected exactly as on the
dashboards) for the scope of the membership the report was asked in, recomputed when it is built.

A programme's coordinator chooses the figures (``ReportSettings.sections``); a programme without
settings gets ``DEFAULT_SECTIONS``. A figure whose indicator is not (yet) defined is left out."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from analytics.filters import Filters
from analytics.indicators import INDICATORS, indicator_table
from analytics.scope import analytics_scope
from analytics.stories import stories_by_indicator
from analytics.summary import summary_sentences
from analytics.tables import Table

# The default report: victims assisted by every breakdown a donor asks about, services and referrals.
DEFAULT_SECTIONS = (
    {"indicator": "victims_assisted", "by": "period", "across": None},
    {"indicator": "victims_assisted", "by": "sex", "across": None},
    {"indicator": "victims_assisted", "by": "age_band", "across": None},
    {"indicator": "victims_assisted", "by": "exploitation", "across": None},
    {"indicator": "victims_assisted", "by": "exploitation_country", "across": None},
    {"indicator": "victims_assisted", "by": "border", "across": None},
    {"indicator": "victims_served", "by": "service_type", "across": None},
    {"indicator": "referrals_made", "by": "receiving_country", "across": None},
    {"indicator": "referrals_completed", "by": "period", "across": None},
)
# With "include the routes": where victims came from and where they were exploited.
ROUTES_SECTIONS = ({"indicator": "routes", "by": "origin_country", "across": "exploitation_country"},)


@dataclass
class Section:
    indicator: str
    by: str
    across: str | None
    table: Table

    @property
    def title(self) -> str:
        """The indicator and its breakdowns: "Victims assisted — Sex × Form of exploitation"."""
        breakdowns = " × ".join(title for title in (self.table.row_title, self.table.column_title) if title)
        return f"{self.table.title} — {breakdowns}" if breakdowns else self.table.title


@dataclass
class ReportContent:
    title: str
    period: str
    scope_title: str
    programme: str
    introduction: str
    generated_at: datetime.datetime
    sections: list[Section] = field(default_factory=list)
    # The seed's sentences from these figures (analytics.summary), as plain text.
    summary: list[str] = field(default_factory=list)
    # Published stories attached to the report's indicators (analytics.stories): title, text, organisation.
    stories: list = field(default_factory=list)


def report_filters(report) -> Filters:
    """The report's stored filters (ISO dates in JSON) as ``Filters``, narrowed to its programme."""
    stored = report.filters or {}

    def day(name: str) -> datetime.date | None:
        value = stored.get(name)
        return datetime.date.fromisoformat(value) if value else None

    return Filters(
        date_from=day("date_from"),
        date_to=day("date_to"),
        granularity=stored.get("granularity") or "year",
        country=stored.get("country") or "",
        organisation_id=stored.get("organisation_id"),
        programme_id=report.programme_id,
        sex=stored.get("sex") or "",
        age_band=stored.get("age_band") or "",
        exploitation=stored.get("exploitation") or "",
    )


def report_sections(programme) -> list[dict]:
    """The figures the programme's report holds, in order (its settings', else the default)."""
    settings = getattr(programme, "report_settings", None) if programme is not None else None
    if settings is not None and settings.sections:
        return list(settings.sections)
    return [dict(section) for section in DEFAULT_SECTIONS]


def programme_name(programme, language: str) -> str:
    if programme is None:
        return ""
    return programme.name_ru if language == "ru" and programme.name_ru else programme.name


def runnable_sections(programme) -> list[dict]:
    """The programme's figures whose indicator exists now, each with a breakdown it has."""
    runnable = []
    settings = getattr(programme, "report_settings", None) if programme is not None else None
    routes = ROUTES_SECTIONS if settings is None or settings.include_routes else ()
    for wanted in [*report_sections(programme), *routes]:
        definition = INDICATORS.get(wanted.get("indicator"))
        if definition is None:
            continue
        by = wanted.get("by") if wanted.get("by") in definition.dimensions else definition.default_by
        across = wanted.get("across") if wanted.get("across") in definition.dimensions else None
        runnable.append({"indicator": definition.key, "by": by, "across": None if across == by else across})
    return runnable


def report_content(report, *, on_section: Callable[[int, int], None] | None = None) -> ReportContent:
    """The report's content in the active language; ``on_section(done, total)`` after each figure.

    PermissionDenied when the membership no longer has a scope (a role changed since the request)."""
    membership = report.membership
    scope = analytics_scope(user=report.requested_by, membership=membership)
    filters = report_filters(report)
    programme = report.programme
    settings = getattr(programme, "report_settings", None) if programme is not None else None
    wanted = runnable_sections(programme)
    content = ReportContent(
        title=_("Donor report"),
        period=filters.period_label,
        scope_title=scope.title,
        programme=programme_name(programme, report.language),
        introduction=settings.introduction if settings is not None else "",
        generated_at=timezone.localtime(),
    )
    for done, section in enumerate(wanted, start=1):
        table = indicator_table(
            section["indicator"], scope=scope, filters=filters, by=section["by"], across=section["across"]
        )
        content.sections.append(Section(table=table, **section))
        if on_section is not None:
            on_section(done, len(wanted))
    if settings is None or settings.include_summary:
        content.summary = [sentence.text for sentence in summary_sentences(scope=scope, filters=filters)]
    if settings is None or settings.include_stories:
        content.stories = _stories_of(content.sections, scope=scope, filters=filters)
    return content


def _stories_of(sections: list[Section], *, scope, filters: Filters) -> list:
    """The published stories attached to the report's indicators, each once, in the sections' order."""
    beside = stories_by_indicator(scope=scope, filters=filters)
    stories, seen = [], set()
    for section in sections:
        for story in beside.get(section.indicator, []):
            if story.pk not in seen:
                seen.add(story.pk)
                stories.append(story)
    return stories
