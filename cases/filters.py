"""The case list's filters and search, applied to cases already narrowed with ``visible_to``."""

import re

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from cases.models import FollowUp, TraffickingEvent, choices
from privacy.blind_index import blind_index_candidates

AGE_RANGES = {"child": (0, 17), "18-25": (18, 25), "26-40": (26, 40), "41+": (41, 200)}
CODE_LIKE = re.compile(r"\d")


def case_filter(cases: QuerySet, data: dict) -> QuerySet:
    """Filter by the cleaned ``CaseFilterForm`` data. A name is searched through the blind index only:
    the typed name (and birth date) are hashed and compared, no stored name is ever decrypted."""
    query = (data.get("q") or "").strip()
    if query and CODE_LIKE.search(query):
        cases = cases.filter(code__icontains=query)
    elif query:
        candidates = blind_index_candidates(
            given_name=query, family_name="", birth_date=data.get("birth_date")
        )
        cases = cases.filter(victim__blind_index__in=candidates)
    if data.get("stage"):
        cases = cases.filter(stage=data["stage"])
    if data.get("sex"):
        cases = cases.filter(victim__sex=data["sex"])
    age_group = data.get("age_group")
    if age_group == "unknown":
        cases = cases.filter(victim__age_at_registration__isnull=True)
    elif age_group in AGE_RANGES:
        cases = cases.filter(victim__age_at_registration__range=AGE_RANGES[age_group])
    if data.get("exploitation"):
        # JSON text match: works alike on SQLite and PostgreSQL.
        cases = cases.filter(experience__exploitation_types__icontains=f'"{data["exploitation"]}"')
    if data.get("country"):
        cases = cases.filter(
            Exists(
                # unscoped: correlated to the outer, already scoped case (OuterRef).
                TraffickingEvent.unscoped.filter(
                    case=OuterRef("pk"), type=choices.EventType.EXPLOITATION, country=data["country"]
                )
            )
        )
    if data.get("caseworker"):
        cases = cases.filter(caseworker=data["caseworker"])
    if data.get("overdue"):
        cases = cases.filter(has_overdue_followup=True)
    return cases


def with_overdue_flag(cases: QuerySet) -> QuerySet:
    # unscoped: correlated to the outer, already scoped case (OuterRef).
    overdue = FollowUp.unscoped.pending().filter(case=OuterRef("pk"), due_on__lt=timezone.localdate())
    return cases.annotate(has_overdue_followup=Exists(overdue))


__all__ = ["case_filter", "with_overdue_flag"]
