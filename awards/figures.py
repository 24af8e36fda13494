"""The figures an entry cites: each key with its label, source, unit and whether it identifies the
organisation, and ``figures_draw``, which asks each domain's own selector for them.

An entry stores ``[{"key", "value", "source"}]`` only; labels are looked up here from the key when the
entry is shown, so that they read in the reader's language.

**Identifying figures.** In blind judging (``Competition.blind``) a judge sees no figure marked
``identifying``: the size of an organisation's infrastructure (its shelters, their places, its hotline
lines) tells a judge who knows the network which NGO it is, since few NGOs in a country run two shelters
or three lines. What an organisation achieved with it (occupancy, stays, contacts, referrals, scores,
reach) is what judges compare, and stays visible."""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import choices

Source = choices.FigureSource


@dataclasses.dataclass(frozen=True)
class Figure:
    label: str
    source: str
    unit: str = "count"  # count, percent, days, minutes, score
    identifying: bool = False
    estimate: bool = False


UNITS = {
    "count": "",
    "percent": "%",
    "days": _("days"),
    "minutes": _("min"),
    "score": "",
}

FIGURES: dict[str, Figure] = {
    # Shelters (shelters.selectors.organisation_award_figures)
    "shelters.shelters": Figure(_("Shelters run"), Source.SHELTERS, identifying=True),
    "shelters.places": Figure(_("Places in the shelters"), Source.SHELTERS, identifying=True),
    "shelters.occupancy_percent": Figure(_("Average occupancy"), Source.SHELTERS, "percent"),
    "shelters.stays_started": Figure(_("Stays started"), Source.SHELTERS),
    "shelters.stays_ended": Figure(_("Stays ended"), Source.SHELTERS),
    "shelters.average_stay_days": Figure(_("Average length of stay"), Source.SHELTERS, "days"),
    "shelters.residents_at_end": Figure(_("Residents at the end of the period"), Source.SHELTERS),
    # Hotline (hotline.selectors.statistics.organisation_award_figures)
    "hotline.lines": Figure(_("Hotline lines"), Source.HOTLINE, identifying=True),
    "hotline.contacts": Figure(_("Completed contacts"), Source.HOTLINE),
    "hotline.referrals": Figure(_("Contacts referred"), Source.HOTLINE),
    "hotline.referred_in_network": Figure(_("Contacts referred to organisations in Amanat"), Source.HOTLINE),
    "hotline.cases": Figure(_("Contacts that led to a case"), Source.HOTLINE),
    "hotline.average_minutes": Figure(_("Average length of a contact"), Source.HOTLINE, "minutes"),
    # Reintegration (cases.selectors.organisation_award_figures)
    "reintegration.victims_assisted": Figure(_("Victims assisted"), Source.REINTEGRATION),
    "reintegration.services": Figure(_("Services started"), Source.REINTEGRATION),
    "reintegration.service_types": Figure(_("Kinds of service started"), Source.REINTEGRATION),
    "reintegration.referrals_made": Figure(_("Referrals made"), Source.REINTEGRATION),
    "reintegration.referrals_accepted": Figure(_("Referrals accepted"), Source.REINTEGRATION),
    "reintegration.reintegration_plans": Figure(_("Cases with a reintegration plan"), Source.REINTEGRATION),
    "reintegration.goals_achieved": Figure(_("Reintegration goals achieved"), Source.REINTEGRATION),
    "reintegration.assessments": Figure(_("Reintegration assessments"), Source.REINTEGRATION),
    "reintegration.assessed_cases": Figure(_("Cases assessed more than once"), Source.REINTEGRATION),
    "reintegration.score_change": Figure(
        _("Mean change of the reintegration score (0–1), first to latest assessment"),
        Source.REINTEGRATION,
        "score",
    ),
    # Campaigns (campaigns.selectors.reach.organisation_award_figures)
    "campaigns.campaigns": Figure(_("Campaigns led or partnered"), Source.CAMPAIGNS),
    "campaigns.campaigns_led": Figure(_("Campaigns led"), Source.CAMPAIGNS),
    "campaigns.activities": Figure(_("Campaign activities"), Source.CAMPAIGNS),
    "campaigns.audience_estimate": Figure(
        _("TV and radio audience and social-media reach (estimates)"), Source.CAMPAIGNS, estimate=True
    ),
    "campaigns.print_copies": Figure(_("Copies printed"), Source.CAMPAIGNS),
    "campaigns.event_participants": Figure(_("Event participants"), Source.CAMPAIGNS),
    "campaigns.sms_delivered": Figure(_("SMS delivered"), Source.CAMPAIGNS),
    "campaigns.sms_numbers_reached": Figure(_("Numbers reached by SMS"), Source.CAMPAIGNS),
}


def _drawers():
    # Imported here: each domain's selector, the only way awards reads another domain's data.
    from campaigns.selectors import reach
    from cases import selectors as cases_selectors
    from hotline.selectors import statistics
    from shelters import selectors as shelters_selectors

    return {
        Source.SHELTERS: shelters_selectors.organisation_award_figures,
        Source.HOTLINE: statistics.organisation_award_figures,
        Source.REINTEGRATION: cases_selectors.organisation_award_figures,
        Source.CAMPAIGNS: reach.organisation_award_figures,
    }


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day where it has fewer days)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def figures_period(*, competition) -> tuple[datetime.date, datetime.date]:
    """The ``figures_months`` months up to the day before the submission deadline (local days)."""
    date_to = timezone.localdate(competition.submission_deadline) - datetime.timedelta(days=1)
    date_from = months_before(date_to, competition.figures_months) + datetime.timedelta(days=1)
    return date_from, date_to


def figures_draw(*, entry) -> tuple[list[dict], datetime.date, datetime.date]:
    """The figures of the entry's nomination's sources for the entry's organisation over the competition's
    period: ``([{"key", "value", "source"}], figures_from, figures_to)``. Counts only; the caller stores
    them. The caller answers for the reader's right to these figures (the entry's own managers, or the
    freeze at the deadline)."""
    date_from, date_to = figures_period(competition=entry.competition)
    drawers = _drawers()
    drawn = []
    for source in entry.nomination.figure_sources or []:
        if source not in drawers:
            continue
        values = drawers[source](organisation_id=entry.organisation_id, date_from=date_from, date_to=date_to)
        for name, value in values.items():
            key = f"{source}.{name}"
            if key in FIGURES:
                drawn.append({"key": key, "value": value, "source": source})
    return drawn, date_from, date_to


def figures_shown(figures: list[dict], *, hide_identifying: bool) -> list[dict]:
    """Stored figures with their labels and units in the active language; identifying ones left out when
    asked (blind judging). A key no longer known is left out."""
    shown = []
    for row in figures or []:
        figure = FIGURES.get(row.get("key"))
        if figure is None:
            continue
        if hide_identifying and figure.identifying:
            continue
        shown.append(
            {
                "key": row["key"],
                "label": str(figure.label),
                "value": row.get("value"),
                "unit": str(UNITS.get(figure.unit, "")),
                "source": row.get("source", figure.source),
                "source_label": str(Source(figure.source).label),
                "estimate": figure.estimate,
                "identifying": figure.identifying,
            }
        )
    return shown
