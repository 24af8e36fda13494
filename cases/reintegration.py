"""IOM's Reintegration Sustainability Survey (RSS): its indicators, their answer scales, the weights, and the
scores they give (0–1 per dimension and a composite).

Sources:
- IOM and Samuel Hall, *Setting Standards for an Integrated Approach to Reintegration* (MEASURE project,
  IOM, Geneva, 2017): "a set of 15 field-tested indicators relating to the economic, social and psychosocial
  dimensions of reintegration … together with a reintegration scoring system"
  (https://www.iom.int/news/new-iom-report-recommends-steps-strengthen-reintegration-programmes-returnees).
- IOM, *Reintegration Handbook* (Geneva, 2019), Module 2.2.5 "Reintegration Sustainability Survey as an
  assessment tool" (https://reintegrationhb.iom.int/module/assessing-returnees-needs-and-skills),
  Module 5 (monitoring) and Annex 4 (the survey and its scoring system).

What is and is not verbatim here: the three dimensions, the 15 indicators and the principle of the scoring
system (each answer scored 0–1, a weighted sum per dimension, a weighted composite) follow those sources.
The wording of the indicators below is ours, shortened for a form. The published *weights* could not be
consulted while this was written, so the weights in ``INDICATORS`` and ``DIMENSION_WEIGHTS`` are PROVISIONAL:
equal within each dimension and equal between dimensions. They are data, in this one module, so that they
can be replaced with the published values in one place (the scoring tests compute their expected values
by hand from these weights and will say what changed). Scores already stored are not recomputed by such a
change; a data migration would do that.

An answer is stored as the code of its option (an integer); each option carries its score (0 = worst,
1 = best for reintegration), so scales whose first option is the best and scales whose first option is the
worst are scored alike. An answer "not applicable" (score ``None``) leaves its indicator out, and the other
weights of the dimension are rescaled to sum to 1.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ECONOMIC, SOCIAL, PSYCHOSOCIAL = "economic", "social", "psychosocial"
DIMENSIONS = (ECONOMIC, SOCIAL, PSYCHOSOCIAL)
PLACES = Decimal("0.001")
# A change of a dimension score smaller than this, between two assessments, counts as "stable".
TREND_THRESHOLD = Decimal("0.05")


@dataclass(frozen=True)
class Option:
    code: int
    label: str
    score: Decimal | None  # None: not applicable, the indicator is left out of its dimension


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    label: str
    options: tuple[Option, ...]
    weight: Decimal

    def option(self, code) -> Option | None:
        return next((option for option in self.options if option.code == code), None)

    @property
    def choices(self) -> list[tuple[int, str]]:
        return [(option.code, option.label) for option in self.options]


def _scale(*labels, first_is_best: bool = False) -> tuple[Option, ...]:
    """A five-point (Likert-type) scale, coded 1–5 in the order shown, scored 0, .25, .5, .75, 1."""
    steps = len(labels) - 1
    scores = [Decimal(index) / steps for index in range(len(labels))]
    if first_is_best:
        scores.reverse()
    return tuple(
        Option(code, label, score) for code, (label, score) in enumerate(zip(labels, scores, strict=True), 1)
    )


SATISFACTION = _scale(
    _("Very dissatisfied"), _("Dissatisfied"), _("Neither satisfied nor dissatisfied"), _("Satisfied"),
    _("Very satisfied"),
)  # fmt: skip
QUALITY = _scale(_("Very poor"), _("Poor"), _("Fair"), _("Good"), _("Very good"))
HARMFUL_FREQUENCY = _scale(_("Very often"), _("Often"), _("Sometimes"), _("Rarely"), _("Never"))
HELPFUL_FREQUENCY = _scale(
    _("Very often"), _("Often"), _("Sometimes"), _("Rarely"), _("Never"), first_is_best=True
)
YES_NO = (Option(1, _("Yes"), Decimal(1)), Option(0, _("No"), Decimal(0)))
DEBT = (
    Option(1, _("No debt"), Decimal(1)),
    Option(2, _("Debt smaller than a month's spending"), Decimal("0.5")),
    Option(3, _("Debt larger than a month's spending"), Decimal(0)),
)
SCHOOLING = (
    Option(1, _("All of them"), Decimal(1)),
    Option(2, _("Some of them"), Decimal("0.5")),
    Option(3, _("None of them"), Decimal(0)),
    Option(0, _("No children of school age"), None),
)
FIFTH = Decimal("0.2")

# The RSS indicators, five per dimension, each with its answer scale and its (provisional) weight.
INDICATORS: tuple[Indicator, ...] = (
    # Economic dimension (RSS: economic self-sufficiency).
    # RSS economic 1: self-assessed satisfaction with the current economic situation.
    Indicator("economic_satisfaction", ECONOMIC, _("Satisfaction with the current economic situation"),
              SATISFACTION, FIFTH),
    # RSS economic 2: frequency of reducing the quantity or quality of food because of its cost.
    Indicator("food_reduction", ECONOMIC, _("How often food is reduced because of its cost"),
              HARMFUL_FREQUENCY, FIFTH),
    # RSS economic 3: ability to borrow money when needed.
    Indicator("can_borrow", ECONOMIC, _("Can borrow money when needed"), YES_NO, FIFTH),
    # RSS economic 4: debt-to-spending ratio.
    Indicator("debt", ECONOMIC, _("Debt compared with monthly spending"), DEBT, FIFTH),
    # RSS economic 5: self-assessed access to employment and training opportunities.
    Indicator("employment_access", ECONOMIC, _("Access to employment and training"), QUALITY, FIFTH),
    # Social dimension (RSS: social stability, access to services).
    # RSS social 1: access to (adequate) housing in the community.
    Indicator("housing", SOCIAL, _("Access to adequate housing"), QUALITY, FIFTH),
    # RSS social 2: school-age children of the household attending school.
    Indicator("schooling", SOCIAL, _("School-age children attending school"), SCHOOLING, FIFTH),
    # RSS social 3: access to justice and law enforcement.
    Indicator("justice", SOCIAL, _("Access to justice and law enforcement"), QUALITY, FIFTH),
    # RSS social 4: possession of at least one identity document.
    Indicator("documents", SOCIAL, _("Holds an identity document"), YES_NO, FIFTH),
    # RSS social 5: access to health care (and safe drinking water).
    Indicator("health_care", SOCIAL, _("Access to health care"), QUALITY, FIFTH),
    # Psychosocial dimension (RSS: psychosocial well-being).
    # RSS psychosocial 1: frequency of participation in social activities of the community.
    Indicator("social_activities", PSYCHOSOCIAL, _("Takes part in social activities of the community"),
              HELPFUL_FREQUENCY, FIFTH),
    # RSS psychosocial 2: strength of the support network (people to rely on).
    Indicator("support_network", PSYCHOSOCIAL, _("Strength of the support network"), QUALITY, FIFTH),
    # RSS psychosocial 3: feeling of physical safety in daily life.
    Indicator("feels_safe", PSYCHOSOCIAL, _("Feels safe in daily life"), HELPFUL_FREQUENCY, FIFTH),
    # RSS psychosocial 4: feeling of discrimination in the community.
    Indicator("discrimination", PSYCHOSOCIAL, _("Feels discriminated against"), HARMFUL_FREQUENCY, FIFTH),
    # RSS psychosocial 5: signs of psychological distress (anger, fear, sadness, isolation).
    Indicator("distress", PSYCHOSOCIAL, _("Signs of psychological distress"), HARMFUL_FREQUENCY, FIFTH),
)  # fmt: skip
INDICATORS_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
# The composite: a weighted sum of the three dimension scores (provisional: equal thirds).
DIMENSION_WEIGHTS = {ECONOMIC: Decimal(1) / 3, SOCIAL: Decimal(1) / 3, PSYCHOSOCIAL: Decimal(1) / 3}


def _round(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def answer_errors(answers: dict) -> dict[str, str]:
    """The indicators whose answer is missing or outside its scale, with what to do (empty when all fit)."""
    errors = {}
    for indicator in INDICATORS:
        value = answers.get(indicator.code)
        if value is None or value == "":
            errors[indicator.code] = _("Answer this question.")
        elif not isinstance(value, int) or isinstance(value, bool) or indicator.option(value) is None:
            errors[indicator.code] = _("Choose one of the answers of this question's scale.")
    for code in set(answers) - set(INDICATORS_BY_CODE):
        errors[code] = _("This is not a question of the survey.")
    return errors


def dimension_scores(answers: dict) -> dict[str, Decimal | None]:
    """Each dimension's weighted score (0–1, three decimals) of answers that passed ``answer_errors``."""
    scores = {}
    for dimension in DIMENSIONS:
        total = weights = Decimal(0)
        for indicator in INDICATORS:
            if indicator.dimension != dimension:
                continue
            score = indicator.option(answers[indicator.code]).score
            if score is not None:
                total += indicator.weight * score
                weights += indicator.weight
        scores[dimension] = _round(total / weights) if weights else None
    return scores


def composite_score(scores: dict[str, Decimal | None]) -> Decimal | None:
    """The weighted composite of the dimension scores given (rescaled over the dimensions scored)."""
    scored = {dimension: score for dimension, score in scores.items() if score is not None}
    if not scored:
        return None
    weights = sum(DIMENSION_WEIGHTS[dimension] for dimension in scored)
    return _round(sum(DIMENSION_WEIGHTS[dimension] * score for dimension, score in scored.items()) / weights)


def legacy_score(value, *, five_point: bool) -> Decimal | None:
    """A score of the assessments before the RSS on the 0–1 scale: 1–5 becomes (x − 1) / 4."""
    if value is None:
        return None
    value = Decimal(value)
    return _round((value - 1) / 4 if five_point else value)


def trend(first: Decimal | None, last: Decimal | None) -> str:
    """ "up", "down" or "flat" between two scores on the 0–1 scale; "" when one is missing."""
    if first is None or last is None:
        return ""
    change = last - first
    if abs(change) < TREND_THRESHOLD:
        return "flat"
    return "up" if change > 0 else "down"
