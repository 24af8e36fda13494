"""National consultations and nominees as their readers see them (``visible_to`` first)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.backends import member_organisations_with_perm
from awards.models import Competition, Consultation, Entry, Nominee
from awards.models.scope import organiser_ids
from network.countries import country_name
from network.models import Organisation

RUN = "awards.run_consultation"


def nominee_list(*, user) -> QuerySet[Nominee]:
    """Nominees with ``has_entry`` (whether the nominated organisation has started its entry)."""
    # unscoped: whether an entry exists decides if the nominee may be withdrawn; the entry is not read.
    entries = Entry.unscoped.filter(nominee=OuterRef("pk"))
    return (
        Nominee.objects.visible_to(user)
        .select_related("organisation", "nomination", "consultation")
        .annotate(has_entry=Exists(entries))
    )


def consultation_list(*, user) -> QuerySet[Consultation]:
    """Consultations with their competition, office, participants and nominees."""
    nominees = nominee_list(user=user).order_by("nomination__order", "organisation__name_en", "pk")
    return (
        Consultation.objects.visible_to(user)
        .select_related("competition", "organisation")
        .prefetch_related("participants", Prefetch("nominees", queryset=nominees))
    )


def consultation_get(*, user, pk: int) -> Consultation:
    """A consultation ``user`` reads, or 404."""
    return get_object_or_404(consultation_list(user=user), pk=pk)


def nominee_get(*, user, pk: int) -> Nominee:
    return get_object_or_404(nominee_list(user=user), pk=pk)


def running_organisation(*, user, competition: Competition) -> Organisation | None:
    """The office through which ``user`` runs a consultation of ``competition``: one where they hold
    ``awards.run_consultation`` in a country of the competition (None when there is none)."""
    organisation_ids = member_organisations_with_perm(user, RUN)
    return (
        Organisation.objects.filter(pk__in=organisation_ids, country__in=competition.countries)
        .order_by("pk")
        .first()
    )


@dataclass(frozen=True)
class CountryRow:
    country: str
    name: str
    consultation: Consultation | None
    can_add: bool


def consultations_by_country(*, user, competition: Competition) -> list[CountryRow]:
    """A row per country of the competition the user follows: every country for its organisers, their own
    office's countries for the coordinators of other countries; its consultation when recorded."""
    consultations = {c.country: c for c in consultation_list(user=user).filter(competition=competition)}
    running = set(
        Organisation.objects.filter(pk__in=member_organisations_with_perm(user, RUN)).values_list(
            "country", flat=True
        )
    )
    organiser = competition.organisation_id in organiser_ids(user)
    return [
        CountryRow(
            code, country_name(code), consultations.get(code), code in running and code not in consultations
        )
        for code in competition.countries
        if organiser or code in running or code in consultations
    ]
