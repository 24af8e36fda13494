"""The awards' vocabularies: the seed's six nominations, the figures an entry cites, the stated tie rule."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureSource(models.TextChoices):
    """Which of the organisation's own data in Amanat an entry's figures are drawn from."""

    SHELTERS = "shelters", _("Shelter occupancy and stays")
    HOTLINE = "hotline", _("Hotline contacts and referrals")
    REINTEGRATION = "reintegration", _("Reintegration of victims")
    CAMPAIGNS = "campaigns", _("Campaign reach")


class Phase(models.TextChoices):
    """Where a competition stands on its timeline (computed from its dates and its locks)."""

    DRAFT = "draft", _("Draft")
    CALL = "call", _("Call for nominations")
    CONSULTATIONS = "consultations", _("National consultations")
    SUBMISSION = "submission", _("Entries being written")
    JUDGING = "judging", _("Judging")
    LOCKED = "locked", _("Scores locked")
    PUBLISHED = "published", _("Results published")


# The seed's six nominations (Bishkek, September 2013), each with the figures its entries cite.
# (code, English name, Russian name, figure sources)
DEFAULT_NOMINATIONS = [
    (
        "creative_campaign",
        "Best creative approach used in a counter-trafficking public information campaign",
        "Лучший творческий подход в информационной кампании по противодействию торговле людьми",
        [FigureSource.CAMPAIGNS],
    ),
    (
        "business_involvement",
        "Best example of business structures’ involvement in counter-trafficking",
        "Лучший пример участия бизнес-структур в противодействии торговле людьми",
        [FigureSource.CAMPAIGNS, FigureSource.REINTEGRATION],
    ),
    (
        "government_partnership",
        "Best example of counter-trafficking partnership of an NGO with a governmental organisation",
        "Лучший пример партнёрства НПО с государственной организацией в противодействии торговле людьми",
        [FigureSource.REINTEGRATION, FigureSource.HOTLINE],
    ),
    (
        "shelter",
        "Best shelter for victims of trafficking",
        "Лучший приют для пострадавших от торговли людьми",
        [FigureSource.SHELTERS],
    ),
    (
        "reintegration",
        "Best reintegration of the victims of trafficking",
        "Лучшая реинтеграция пострадавших от торговли людьми",
        [FigureSource.REINTEGRATION],
    ),
    (
        "hotline",
        "Best counter-trafficking hotline",
        "Лучшая горячая линия по противодействию торговле людьми",
        [FigureSource.HOTLINE],
    ),
]

# The default rubric of every nomination: (code, English, Russian, weight). Scale 1–5.
DEFAULT_CRITERIA = [
    ("impact", "Results for victims and communities", "Результаты для пострадавших и общества", 3),
    ("evidence", "Evidence: the figures back the claims", "Доказательность: цифры подтверждают сказанное", 2),
    ("innovation", "Innovation and creativity", "Новизна и творческий подход", 2),
    ("sustainability", "Sustainability and replicability", "Устойчивость и возможность повторить", 2),
    (
        "rights",
        "Victim-centred, rights-based approach",
        "Подход, основанный на правах и интересах пострадавших",
        1,
    ),
]
DEFAULT_DESCRIPTORS = [
    ("Not shown", "Не показано"),
    ("Weak", "Слабо"),
    ("Adequate", "Достаточно"),
    ("Strong", "Сильно"),
    ("Outstanding, a model for the network", "Выдающийся пример для всей сети"),
]
DEFAULT_SCALE = (1, 5)
DEFAULT_JUDGES_PER_ENTRY = 3
# A spread of the judges' totals above this share of the scale's range flags the entry for discussion.
DEFAULT_SPREAD_THRESHOLD_PERCENT = 30

TIE_RULE = _(
    "Entries whose results are equal to two decimal places are separated by their mean score on the "
    "nomination's most heavily weighted criterion, then on the next, and so on; entries still equal "
    "share the rank."
)
