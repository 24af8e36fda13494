"""Vocabularies of the contact log."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    MESSENGER = "messenger", _("Messenger")
    WALK_IN = "walk_in", _("Walk-in")
    EMAIL = "email", _("E-mail")


class CallerType(models.TextChoices):
    PROSPECTIVE_MIGRANT = "prospective_migrant", _("Prospective migrant")
    MIGRANT_ABROAD = "migrant_abroad", _("Migrant abroad")
    VICTIM = "victim", _("Victim")
    RELATIVE = "relative", _("Relative")
    EMPLOYER = "employer", _("Employer")
    OFFICIAL = "official", _("Official")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    JOB_OFFER_CHECK = "job_offer_check", _("Job offer or visa check")
    SAFE_MIGRATION = "safe_migration", _("Safe migration advice")
    MISSING_PERSON = "missing_person", _("Missing person")
    EXPLOITATION_REPORT = "exploitation_report", _("Report of exploitation")
    REQUEST_FOR_HELP = "request_for_help", _("Request for help")
    OTHER = "other", _("Other")


class HeardVia(models.TextChoices):
    CAMPAIGN = "campaign", _("Campaign")
    TV = "tv", _("TV")
    RADIO = "radio", _("Radio")
    SMS = "sms", _("SMS")
    SOCIAL_MEDIA = "social_media", _("Social media")
    FRIEND = "friend", _("A friend")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    INFORMATION = "information", _("Information given")
    REFERRAL = "referral", _("Referral to an organisation")
    CASE_OPENED = "case_opened", _("Case opened")
    POLICE_URGENT = "police_urgent", _("Urgent referral to police")


class FlagKind(models.TextChoices):
    ABUSIVE = "abusive", _("Abusive")
    PRANK = "prank", _("Prank")
    AT_RISK = "at_risk", _("At risk")


class Language(models.TextChoices):
    """Languages a line answers in and a caller speaks (the region's languages and English)."""

    RUSSIAN = "ru", _("Russian")
    TAJIK = "tg", _("Tajik")
    UZBEK = "uz", _("Uzbek")
    KYRGYZ = "ky", _("Kyrgyz")
    KAZAKH = "kk", _("Kazakh")
    TURKMEN = "tk", _("Turkmen")
    ENGLISH = "en", _("English")
