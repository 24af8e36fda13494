"""Root causes: the vulnerability factors recorded at screening, one factor at a time, by form of
exploitation, sex or age band.

Counted: the registered cases of ``victims.registered_cases`` (consent to statistics and drafts applied
there); one case is one victim. The factors are defined here, paths from a case: a single answer is a
group dimension (its blank answer counted as "not recorded"), a list of answers a dimension by conditions,
one per answer with ``has_item`` and one for an empty list ("not recorded"); a victim with several debts
counts once under each, so such a factor's rows add up to more than its total."""

from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from analytics.dimensions import AGE_BAND, EXPLOITATION, NOT_RECORDED, SEX, UNKNOWN, Dimension
from analytics.filters import Filters
from analytics.indicators import UnknownBreakdown, indicator
from analytics.indicators.victims import VICTIMS, registered_cases
from analytics.scope import AnalyticsScope
from analytics.tables import Table
from analytics.tabulate import tabulate
from cases.models import choices


def _answers(path: str):
    """The condition of one answer of the list at ``path``; UNKNOWN: no answer recorded."""

    def condition(prefix: str, code: str) -> Q:
        if code == UNKNOWN:
            return Q(**{f"{prefix}{path}": []}) | Q(**{f"{prefix}{path}__isnull": True})
        return Q(**{f"{prefix}{path}__has_item": code})

    return condition


def _list_factor(key: str, label, path: str, vocabulary) -> Dimension:
    return Dimension(
        key=key,
        label=label,
        path=path,
        condition=_answers(path),
        exclusive=False,
        choices=lambda: [*vocabulary.choices, (UNKNOWN, str(NOT_RECORDED))],
    )


def _single_factor(key: str, label, path: str, vocabulary) -> Dimension:
    return Dimension(key=key, label=label, path=path, choices=lambda: vocabulary.choices)


FACTORS = {
    dimension.key: dimension
    for dimension in (
        _single_factor(
            "economic_situation",
            _("Economic situation before trafficking"),
            "screening__economic_situation",
            choices.EconomicSituation,
        ),
        _list_factor("debt", _("Debts when recruited"), "screening__debts", choices.Debt),
        _single_factor("education", _("Highest level of education"), "victim__education", choices.Education),
        _single_factor(
            "prior_migration",
            _("Prior migration for work"),
            "screening__prior_migration",
            choices.PriorMigration,
        ),
        _list_factor(
            "family_situation", _("Family situation"), "screening__family_situation", choices.FamilySituation
        ),
        _list_factor(
            "recruitment",
            _("Methods of recruitment"),
            "experience__recruitment_methods",
            choices.RecruitmentMethod,
        ),
        _single_factor(
            "recruiter_relation",
            _("Relation to recruiter"),
            "experience__relation_to_recruiter",
            choices.RecruiterRelation,
        ),
    )
}
# What a factor is set against.
ACROSS = {dimension.key: dimension for dimension in (EXPLOITATION, SEX, AGE_BAND)}


@indicator(
    "root_causes",
    title=pgettext_lazy("indicator", "Root causes"),
    unit=VICTIMS,
    dimensions=(*FACTORS, *ACROSS),
    default_by="economic_situation",
)
def root_causes(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Root causes: victims registered in the period by one vulnerability factor recorded at screening
    (economic situation before trafficking, debts when recruited, highest level of education, prior
    migration for work, family situation, methods of recruitment or relation to the recruiter), set
    against form of exploitation, sex or age band. Debts, family situation, methods of recruitment and
    forms of exploitation can hold several answers: a victim counts under each."""
    if by not in FACTORS:
        raise UnknownBreakdown(
            gettext("Root causes are shown by a vulnerability factor, not by %(dimension)s.")
            % {"dimension": by},
            "by",
        )
    if across is not None and across not in ACROSS:
        raise UnknownBreakdown(
            gettext("A vulnerability factor is set against the form of exploitation, sex or age band."),
            "across",
        )
    return tabulate(
        registered_cases(scope=scope, filters=filters),
        title=str(pgettext_lazy("indicator", "Root causes")),
        rows=FACTORS[by],
        columns=ACROSS[across] if across else None,
        unit=str(VICTIMS),
    )
