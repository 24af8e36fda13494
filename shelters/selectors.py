"""What reads shelter data. Every selector takes the user and starts from ``visible_to(user)``, except the
network's bed board, which reads counts across organisations (``board_rows`` says why that is safe)."""

import dataclasses
import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import get_language

from cases import selectors as case_selectors
from network.countries import country_name
from shelters.models import Bed, PlacementRequest, Shelter, Stay, choices

Status = choices.PlacementStatus


def shelter_list(*, user) -> QuerySet[Shelter]:
    return Shelter.objects.visible_to(user).select_related("organisation", "region")


def shelters_of_staff(*, user) -> QuerySet[Shelter]:
    """The active shelters ``user`` works in (assigned as staff)."""
    return shelter_list(user=user).filter(is_active=True, assignments__user=user)


def stay_list(*, user) -> QuerySet[Stay]:
    return Stay.objects.visible_to(user).select_related("shelter", "case", "bed", "bed__room")


def residents(*, user, shelter: Shelter | None = None) -> QuerySet[Stay]:
    """Open stays the user sees (of one shelter), longest first."""
    stays = stay_list(user=user).filter(discharged_on__isnull=True)
    if shelter is not None:
        stays = stays.filter(shelter=shelter)
    return stays.order_by("admitted_on", "pk")


def discharges_planned(*, user, within_days: int = 7, day: datetime.date | None = None) -> QuerySet[Stay]:
    day = day or timezone.localdate()
    return residents(user=user).filter(planned_discharge_on__lte=day + datetime.timedelta(days=within_days))


def placement_request_list(*, user) -> QuerySet[PlacementRequest]:
    return PlacementRequest.objects.visible_to(user).select_related(
        "case", "shelter", "shelter__organisation", "organisation", "requested_by"
    )


def placement_requests_waiting(*, user) -> QuerySet[PlacementRequest]:
    """Requests to the shelters the user answers for, not answered yet (oldest first)."""
    answering = [
        s.pk for s in shelter_list(user=user) if user.has_perm("shelters.answer_placementrequest", s)
    ]
    return (
        placement_request_list(user=user)
        .filter(shelter_id__in=answering, status__in=[Status.REQUESTED, Status.ACCEPTED])
        .order_by("requested_for", "pk")
    )


def placement_requests_sent(*, user) -> QuerySet[PlacementRequest]:
    requesting = list(_organisations(user, "shelters.add_placementrequest"))
    return placement_request_list(user=user).filter(organisation_id__in=requesting)


def _organisations(user, perm: str) -> set[int]:
    from tenancy import organisations_with_perm

    return organisations_with_perm(user, perm) or set()


def free_beds(*, shelter: Shelter) -> QuerySet[Bed]:
    """Beds of the shelter in use with nobody in them (the shelter loaded through scope by the caller)."""
    return (
        shelter.beds.filter(is_active=True).exclude(stays__discharged_on__isnull=True).select_related("room")
    )


# Occupancy -----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class OccupancyDay:
    day: datetime.date
    occupied: int
    capacity: int

    @property
    def share(self) -> float:
        return self.occupied / self.capacity if self.capacity else 0.0


def _stays_of(user, shelter: Shelter) -> QuerySet[Stay]:
    if not user.has_perm("shelters.view_shelter", shelter):
        raise PermissionDenied
    # unscoped: counts of the shelter's stays (no row or case shown); the shelter is in the user's scope.
    return Stay.unscoped.filter(shelter_id=shelter.pk)


def occupancy_series(
    *, user, shelter: Shelter, start: datetime.date, end: datetime.date
) -> list[OccupancyDay]:
    """Residents each day from ``start`` to ``end`` (inclusive): a stay fills its place from the day of
    admission up to the day before discharge. Three aggregate queries, whatever the number of days:
    residents on ``start``, then admissions and discharges per day after it."""
    stays = _stays_of(user, shelter)
    on_start = stays.filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gt=start), admitted_on__lte=start
    ).count()
    admitted = dict(
        stays.filter(admitted_on__gt=start, admitted_on__lte=end)
        .values_list("admitted_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    discharged = dict(
        stays.filter(discharged_on__gt=start, discharged_on__lte=end)
        .values_list("discharged_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    series, occupied, day = [], on_start, start
    while day <= end:
        if day > start:
            occupied += admitted.get(day, 0) - discharged.get(day, 0)
        series.append(OccupancyDay(day=day, occupied=occupied, capacity=shelter.capacity))
        day += datetime.timedelta(days=1)
    return series


def average_stay_days(*, user, shelter: Shelter, start: datetime.date, end: datetime.date) -> float | None:
    """Mean length in days of the stays that ended in the period (None without any)."""
    rows = _stays_of(user, shelter).filter(discharged_on__gte=start, discharged_on__lte=end)
    lengths = [(out - came).days for came, out in rows.values_list("admitted_on", "discharged_on")]
    return sum(lengths) / len(lengths) if lengths else None


def shelter_occupancy(*, user, shelter: Shelter) -> dict:
    """Now: residents, places, free places, the share taken and whether the 90% alert stands."""
    occupied = _stays_of(user, shelter).filter(discharged_on__isnull=True).count()
    places = shelter.capacity
    return {
        "occupied": occupied,
        "places": places,
        "free": max(places - occupied, 0),
        "share": occupied / places if places else 0.0,
        "alert": places > 0 and occupied >= 0.9 * places,
    }


def shelters_nearly_full(*, user) -> list[dict]:
    """The user's organisations' active shelters at 90% or more now (the home page's alert)."""
    rows = []
    for shelter in shelter_list(user=user).filter(is_active=True).annotate(occupied=open_stays_count()):
        if shelter.capacity and shelter.occupied >= 0.9 * shelter.capacity:
            rows.append({"shelter": shelter, "occupied": shelter.occupied, "places": shelter.capacity})
    return rows


def open_stays_count():
    # unscoped: a count of open stays per shelter row of the outer (scoped, or board) query; no row shown.
    open_stays = (
        Stay.unscoped.filter(shelter_id=OuterRef("pk"), discharged_on__isnull=True)
        .order_by()
        .values("shelter_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(open_stays), Value(0))


# The network's bed board ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BoardRow:
    shelter_id: int
    name: str
    organisation: str
    organisation_id: int
    country: str
    region: str
    city: str
    target_groups: list
    places: int
    occupied: int

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def free(self) -> int:
        return max(self.places - self.occupied, 0)

    def target_group_labels(self) -> list[str]:
        labels = dict(choices.TargetGroup.choices)
        return [str(labels.get(group, group)) for group in self.target_groups]


def board_rows(*, user, country: str = "", region: str = "", target_group: str = "") -> list[BoardRow]:
    """Free places now in every active shelter of the network, for any NGO member with
    ``shelters.view_board``.

    Why reading across organisations is safe here: the query returns only the shelter's name, operator,
    country, region, city, target groups and two counts (places and residents). No stay, case, resident,
    bed or street address leaves this function, and the counts are of places, not people anyone could be
    told apart by (a shelter's occupancy is what partners must know to refer a victim tonight). It reads
    ``Shelter.unscoped`` and a count subquery of ``Stay.unscoped`` for that reason and no other."""
    if not user.has_perm("shelters.view_board"):
        raise PermissionDenied
    # unscoped: the board's counts across the network (see the docstring: names, places and counts only).
    shelters = Shelter.unscoped.filter(is_active=True, organisation__is_active=True)
    if country:
        shelters = shelters.filter(region__country=country)
    if region:
        shelters = shelters.filter(region_id=region)
    rows = (
        shelters.annotate(occupied=open_stays_count())
        .order_by("region__country", "region__name_en", "city", "name")
        .values(
            "pk",
            "name",
            "organisation_id",
            "organisation__name_en",
            "organisation__name_ru",
            "region__country",
            "region__name_en",
            "region__name_ru",
            "city",
            "target_groups",
            "capacity",
            "occupied",
        )
    )
    russian = (get_language() or "en").startswith("ru")
    board = []
    for row in rows:
        if target_group and target_group not in (row["target_groups"] or []):
            continue
        board.append(
            BoardRow(
                shelter_id=row["pk"],
                name=row["name"],
                organisation=_localised(row, "organisation__name", russian),
                organisation_id=row["organisation_id"],
                country=row["region__country"],
                region=_localised(row, "region__name", russian),
                city=row["city"],
                target_groups=list(row["target_groups"] or []),
                places=row["capacity"],
                occupied=row["occupied"],
            )
        )
    return board


def _localised(row: dict, prefix: str, russian: bool) -> str:
    return (russian and row[f"{prefix}_ru"]) or row[f"{prefix}_en"]


def board_totals(rows: list[BoardRow]) -> list[dict]:
    """Free places by target group over the board's rows (a place of a shelter for women and children
    counts for both groups)."""
    free = defaultdict(int)
    shelters = defaultdict(int)
    for row in rows:
        for group in row.target_groups:
            free[group] += row.free
            shelters[group] += 1
    return [
        {"code": code, "label": label, "free": free[code], "shelters": shelters[code]}
        for code, label in choices.TargetGroup.choices
    ]


def board_shelter(*, user, pk: int) -> BoardRow | None:
    """One board row (the shelter a placement is requested at), None if not an active shelter."""
    for row in board_rows(user=user):
        if row.shelter_id == pk:
            return row
    return None


def shelter_for_placement(*, pk: int) -> Shelter | None:
    """An active shelter of the network a placement may be requested at (any organisation's: the board
    lists them all). The row goes to ``placement_request_create`` only, never to a page."""
    # unscoped: the shelter a caseworker picked on the board; its address and stays are never read.
    return Shelter.unscoped.filter(pk=pk, is_active=True).select_related("organisation").first()


def home_summary(*, user) -> dict:
    """Shelter staff's home page: each shelter they work in with its residents, occupancy and the
    discharges planned this week, and the placement requests waiting for them."""
    shelters = []
    for shelter in shelters_of_staff(user=user):
        occupancy = shelter_occupancy(user=user, shelter=shelter)
        shelters.append({"shelter": shelter, **occupancy})
    return {
        "shelters": shelters,
        "residents": residents(user=user).count(),
        "discharges": list(discharges_planned(user=user).order_by("planned_discharge_on", "pk")[:10]),
        "requests": list(placement_requests_waiting(user=user)[:10]),
    }


# Award figures -------------------------------------------------------------------------------------


def organisation_award_figures(
    *, organisation_id: int, date_from: datetime.date, date_to: datetime.date
) -> dict:
    """What an award entry of the organisation cites from its shelters over ``date_from``–``date_to``
    (inclusive). Counts only: no stay, case, resident, bed or address leaves this function.

    - ``shelters``: active shelters of the organisation (now);
    - ``places``: their places in all (``capacity``, now);
    - ``occupancy_percent``: resident-nights of the period over places × days, in percent (one decimal;
      None without places); a stay fills its place from admission up to the day before discharge;
    - ``stays_started``: admissions in the period; ``stays_ended``: discharges in the period;
    - ``average_stay_days``: mean length in days of the stays that ended in the period (one decimal;
      None without any);
    - ``residents_at_end``: residents on the period's last day (admitted by then, not yet discharged).

    Two queries whatever the number of stays (the overlapping stays' two dates are summed in Python)."""
    # unscoped: awards asks for aggregate counts of one organisation whose right to see them awards has
    # checked (its own entry, or an entry the reader may read); nothing but counts is returned.
    shelters = Shelter.unscoped.filter(organisation_id=organisation_id, is_active=True).aggregate(
        shelters=Count("pk"), places=Coalesce(models.Sum("capacity"), Value(0))
    )
    # unscoped: as above, the stays of that organisation's shelters, read as dates only.
    overlapping = Stay.unscoped.filter(
        shelter__organisation_id=organisation_id, admitted_on__lte=date_to
    ).filter(Q(discharged_on__isnull=True) | Q(discharged_on__gte=date_from))
    days = (date_to - date_from).days + 1
    after_end = date_to + datetime.timedelta(days=1)
    nights = started = ended = at_end = 0
    lengths = []
    for admitted_on, discharged_on in overlapping.values_list("admitted_on", "discharged_on"):
        left = min(discharged_on or after_end, after_end)
        nights += max((left - max(admitted_on, date_from)).days, 0)
        started += date_from <= admitted_on <= date_to
        if discharged_on is not None and date_from <= discharged_on <= date_to:
            ended += 1
            lengths.append((discharged_on - admitted_on).days)
        at_end += discharged_on is None or discharged_on > date_to
    places = shelters["places"]
    return {
        "shelters": shelters["shelters"],
        "places": places,
        "occupancy_percent": round(100 * nights / (places * days), 1) if places else None,
        "stays_started": started,
        "stays_ended": ended,
        "average_stay_days": round(sum(lengths) / len(lengths), 1) if lengths else None,
        "residents_at_end": at_end,
    }


# Figures for analytics --------------------------------------------------------------------------------


class DayNumber(Func):
    """A date as a whole number of days, so that the database subtracts two dates into the days between
    them alike on both databases: ``julianday`` on SQLite, the days since 1970-01-01 on PostgreSQL."""

    arity = 1
    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() counts from noon: every date is n.5, so the integer parts differ by whole days.
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra_context
        )


def stays_overlapping(start: datetime.date, end: datetime.date) -> Q:
    """Stays with at least one night in ``start``–``end`` (inclusive): admitted by ``end`` and not
    discharged by ``start`` (a stay fills its place from admission up to the day before discharge)."""
    return Q(admitted_on__lte=end) & (Q(discharged_on__isnull=True) | Q(discharged_on__gt=start))


def stay_nights_in(start: datetime.date, end: datetime.date):
    """The nights of a stay that fall in ``start``–``end`` (inclusive), computed by the database; not
    negative for the stays of ``stays_overlapping(start, end)``, which a ``Sum`` should be filtered by."""
    after = end + datetime.timedelta(days=1)
    left = Least(Coalesce(F("discharged_on"), Value(after)), Value(after))
    return DayNumber(left) - DayNumber(Greatest(F("admitted_on"), Value(start)))


def stay_length_days():
    """The nights of a discharged stay (discharge day minus admission day), computed by the database."""
    return DayNumber(F("discharged_on")) - DayNumber(F("admitted_on"))


def stays_of(*, organisation_ids) -> QuerySet[Stay]:
    """Every stay in the shelters of these organisations, for ``analytics`` to count bed-nights (places
    taken, not people: the victim's statistics consent does not empty a bed). Only aggregates may leave
    the caller, never a stay; whoever calls it has decided the reader may see these organisations'
    aggregates (``analytics.scope``)."""
    # unscoped: aggregate figures of organisations the analytics scope has granted; no row leaves.
    return Stay.unscoped.filter(organisation_id__in=list(organisation_ids))


def statistics_stays_of(*, organisation_ids) -> QuerySet[Stay]:
    """The stays in these organisations' shelters of victims who may be counted in statistics (the
    cases' consent rule), for ``analytics`` to count admissions and lengths of stay: aggregates only."""
    return case_selectors.statistics_sections_of(Stay, organisation_ids=list(organisation_ids))


def shelters_of(*, organisation_ids, start: datetime.date, end: datetime.date) -> QuerySet[Shelter]:
    """The shelters of these organisations whose places count in ``start``–``end``: the active ones and
    any other that had a resident then, for ``analytics`` to sum their places (capacity as recorded)."""
    # unscoped: their places are summed for organisations the analytics scope has granted.
    stayed = Stay.unscoped.filter(stays_overlapping(start, end), shelter_id=OuterRef("pk"))
    return Shelter.unscoped.filter(organisation_id__in=list(organisation_ids)).filter(
        Q(is_active=True) | Q(models.Exists(stayed))
    )
