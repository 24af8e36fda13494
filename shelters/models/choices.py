"""The shelters' vocabularies (read-only codes and their labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    CHILDREN = "children", _("Children")
    FAMILIES = "families", _("Families")


class ShelterService(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation and meals")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL = "legal", _("Legal aid")
    CHILDCARE = "childcare", _("Childcare")
    VOCATIONAL = "vocational", _("Vocational training")
    FAMILY = "family", _("Family mediation")


class DischargeReason(models.TextChoices):
    PLAN_COMPLETED = "plan_completed", _("Stay plan completed")
    OWN_WISH = "own_wish", _("Left at own wish")
    TRANSFERRED = "transferred", _("Transferred to another service")
    RULES = "rules", _("Breach of the shelter's rules")
    SAFETY = "safety", _("Moved for safety")
    OTHER = "other", _("Other")


class DischargeDestination(models.TextChoices):
    FAMILY = "family", _("Family")
    OWN_HOUSING = "own_housing", _("Own housing")
    OTHER_SHELTER = "other_shelter", _("Another shelter")
    INSTITUTION = "institution", _("State institution")
    RETURN_HOME = "return_home", _("Return to the home country")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class PlacementStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ADMITTED = "admitted", _("Admitted")
