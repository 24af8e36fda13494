"""Whose figures a reader sees: the one place that turns a membership into the organisations counted.

- an NGO manager: the figures of their own organisation, at record level (they may read the cases
  behind them, so nothing is suppressed);
- a programme coordinator: every organisation of their office's country, de-identified (small cells
  suppressed, ``analytics.tables``);
- a regional analyst: the whole network, de-identified.

Any other membership, or none, is refused (``PermissionDenied``): there is no default scope."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from accounts.roles import Role
from network.countries import country_name
from network.models import Organisation


class Level:
    ORGANISATION = "organisation"
    COUNTRY = "country"
    NETWORK = "network"


@dataclass(frozen=True)
class AnalyticsScope:
    level: str
    organisation_ids: frozenset[int]
    # True when the reader may see the records behind the figures: small cells are then shown as they are.
    record_level: bool
    country: str = ""
    organisation_id: int | None = None

    @property
    def title(self) -> str:
        if self.level == Level.ORGANISATION:
            return str(Organisation.objects.get(pk=self.organisation_id))
        if self.level == Level.COUNTRY:
            return country_name(self.country)
        return str(_("The whole network"))

    def countries(self) -> list[str]:
        """The countries of the organisations in scope (filter choices), in code order."""
        return sorted(
            set(Organisation.objects.filter(pk__in=self.organisation_ids).values_list("country", flat=True))
        )


ORGANISATION_PERMISSION = "analytics.view_organisation_figures"
AGGREGATES_PERMISSION = "analytics.view_aggregates"


def analytics_scope(*, user, membership: Membership | None) -> AnalyticsScope:
    """The scope of the figures ``user`` reads while acting in ``membership``; PermissionDenied otherwise."""
    if membership is None or not user.is_authenticated:
        raise PermissionDenied
    organisation = membership.organisation
    role = membership.role
    if role == Role.MANAGER and user.has_perm(ORGANISATION_PERMISSION, organisation):
        return AnalyticsScope(
            level=Level.ORGANISATION,
            organisation_ids=frozenset({organisation.pk}),
            record_level=True,
            country=organisation.country,
            organisation_id=organisation.pk,
        )
    if role == Role.COORDINATOR and user.has_perm(AGGREGATES_PERMISSION, organisation):
        # Every organisation of the country, active or not: closed NGOs' past cases still count.
        ids = Organisation.objects.filter(country=organisation.country).values_list("pk", flat=True)
        return AnalyticsScope(
            level=Level.COUNTRY,
            organisation_ids=frozenset(ids),
            record_level=False,
            country=organisation.country,
        )
    if role == Role.ANALYST and user.has_perm(AGGREGATES_PERMISSION, organisation):
        ids = Organisation.objects.values_list("pk", flat=True)
        return AnalyticsScope(level=Level.NETWORK, organisation_ids=frozenset(ids), record_level=False)
    raise PermissionDenied


def public_scope() -> AnalyticsScope:
    """The whole network, de-identified, for no reader in particular: the figures of the public statistics
    page (``indicator_table`` suppresses their small cells) and the true counts behind the private tables
    (which only ever leave with noise, ``exchange.private_tables``)."""
    ids = Organisation.objects.values_list("pk", flat=True)
    return AnalyticsScope(level=Level.NETWORK, organisation_ids=frozenset(ids), record_level=False)
