"""Reads of the network registry. Organisations and programmes are public reference data, not tenant
rows: every signed-in user may read them, but only their public fields are ever shown."""

from django.db.models import Q, QuerySet

from network.models import Organisation, Programme, Region


def directory_list() -> QuerySet[Organisation]:
    """Active organisations with what a directory row shows (anonymous visitors included)."""
    return Organisation.objects.public().select_related("region").prefetch_related("services")


def organisation_list(*, user) -> QuerySet[Organisation]:
    """Active organisations; a system administrator (who may add them) also sees the inactive ones."""
    queryset = Organisation.objects.select_related("region").prefetch_related("services")
    if user.has_perm("network.add_organisation"):
        return queryset
    return queryset.filter(is_active=True)


def organisation_programmes(*, organisation: Organisation) -> QuerySet[Programme]:
    """Programmes the organisation belongs to, funds or coordinates."""
    return (
        Programme.objects.filter(
            Q(members=organisation) | Q(donor=organisation) | Q(coordinator=organisation)
        )
        .select_related("donor", "coordinator")
        .distinct()
    )


def programme_list(*, user) -> QuerySet[Programme]:
    return Programme.objects.select_related("donor", "coordinator")


def programme_members(*, programme: Programme) -> QuerySet[Organisation]:
    return programme.members.filter(is_active=True).select_related("region").prefetch_related("services")


def region_list() -> QuerySet[Region]:
    return Region.objects.all()


def region_options(*, country: str) -> QuerySet[Region]:
    """The first-level regions of one country (none for an empty or unknown code), by English name."""
    if not country:
        return Region.objects.none()
    return Region.objects.filter(country=country.upper()[:2]).order_by("name_en")
