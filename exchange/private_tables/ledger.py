"""The privacy-budget ledger: what has been spent on a dataset this year, and the one way to spend more.

``private_release_create`` locks the year's budget row (``select_for_update``), adds up what its releases
have spent and refuses a request beyond what is left, all in one transaction: two analysts releasing at
the same moment are served one after the other, and the sum of the ε spent never exceeds the total."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from exchange.models import PrivacyBudget, PrivateRelease
from exchange.private_tables.counting import TableSpec, network_tables, released_figures

NETWORK_CASES = "network-cases"
RELEASE_PERMISSION = "exchange.release_private_tables"


@dataclass(frozen=True)
class Spent:
    epsilon: Decimal
    delta: Decimal


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


def _shown(value: Decimal) -> str:
    """ε as a reader writes it: 0.5, not 0.500."""
    return number_format(Decimal(format(value.normalize(), "f")))


def budget_for_year(*, dataset: str = NETWORK_CASES, year: int | None = None) -> PrivacyBudget:
    """The dataset's budget of ``year`` (this year by default), created from the settings when first asked."""
    year = year or datetime.date.today().year
    defaults = {
        "total_epsilon": _decimal(settings.AMANAT_DP_TOTAL_EPSILON, 3),
        "total_delta": _decimal(settings.AMANAT_DP_TOTAL_DELTA, 12),
        "release_epsilon": _decimal(
            min(settings.AMANAT_DP_RELEASE_EPSILON, settings.AMANAT_DP_TOTAL_EPSILON), 3
        ),
    }
    try:
        with transaction.atomic():
            return PrivacyBudget.objects.get_or_create(dataset=dataset, year=year, defaults=defaults)[0]
    except IntegrityError:  # created at the same moment by another request
        return PrivacyBudget.objects.get(dataset=dataset, year=year)


def budget_spent(budget: PrivacyBudget) -> Spent:
    spent = budget.releases.aggregate(epsilon=Sum("epsilon"), delta=Sum("delta"))
    return Spent(spent["epsilon"] or Decimal(0), spent["delta"] or Decimal(0))


def budget_left(budget: PrivacyBudget) -> Spent:
    spent = budget_spent(budget)
    return Spent(budget.total_epsilon - spent.epsilon, budget.total_delta - spent.delta)


def _refuse_beyond(budget: PrivacyBudget, *, epsilon: Decimal, delta: Decimal) -> None:
    left = budget_left(budget)
    if epsilon > left.epsilon:
        raise ValidationError(
            _(
                "This release would spend ε = %(asked)s, but only ε = %(left)s of the %(total)s of %(year)s "
                "is left for this dataset. Choose ε of at most %(left)s."
            )
            % {
                "asked": _shown(epsilon),
                "left": _shown(left.epsilon),
                "total": _shown(budget.total_epsilon),
                "year": budget.year,
            },
            code="budget_exceeded",
        )
    if delta > left.delta:
        raise ValidationError(
            _("This release would spend δ = %(asked)s, but only δ = %(left)s is left this year.")
            % {"asked": f"{delta:g}", "left": f"{left.delta:g}"},
            code="budget_exceeded",
        )


@transaction.atomic
def private_release_create(
    *, by, organisation, title: str, tables: list[TableSpec], epsilon: Decimal, delta: Decimal = Decimal(0)
) -> PrivateRelease:
    """Count the network's victims by ``tables``, add noise for (ε, δ) and record the release, spending its
    ε and δ from this year's budget. PermissionDenied without ``exchange.release_private_tables`` at
    ``organisation``; ValidationError (with the budget left) when the budget does not cover it."""
    if not by.has_perm(RELEASE_PERMISSION, organisation):
        raise PermissionDenied
    if epsilon <= 0 or delta < 0:
        raise ValidationError(_("ε must be above zero and δ zero or more."), code="invalid")
    budget = PrivacyBudget.objects.select_for_update().get(pk=budget_for_year().pk)
    _refuse_beyond(budget, epsilon=epsilon, delta=delta)
    figures = released_figures(network_tables(tables), epsilon=float(epsilon), delta=float(delta))
    release = PrivateRelease.objects.create(
        budget=budget,
        by=by,
        title=title,
        dimensions=[list(spec) for spec in tables],
        epsilon=epsilon,
        delta=delta,
        table=figures,
    )
    audit_record(
        by=by,
        action="exchange.private_release_created",
        obj=release,
        details={"epsilon": str(epsilon), "delta": str(delta), "dimensions": release.dimensions},
    )
    return release


@transaction.atomic
def private_release_publish(*, release: PrivateRelease, by, organisation) -> PrivateRelease:
    """Put the release on the public statistics page (spends nothing: it is already noisy)."""
    if not by.has_perm(RELEASE_PERMISSION, organisation):
        raise PermissionDenied
    if not release.published:
        release.published = True
        release.published_at = timezone.now()
        release.save(update_fields=["published", "published_at"])
        audit_record(by=by, action="exchange.private_release_published", obj=release)
    return release
