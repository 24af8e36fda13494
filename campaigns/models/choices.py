"""The campaigns' vocabularies: read-only, part of the app's public face like its selectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class TargetGroup(models.TextChoices):
    YOUNG_PEOPLE = "young_people", _("Young people")
    PROSPECTIVE_MIGRANTS = "prospective_migrants", _("Prospective labour migrants")
    WOMEN = "women", _("Women")
    RETURNEES = "returnees", _("Returnees")
    PARENTS = "parents", _("Parents")
    EMPLOYERS = "employers", _("Employers")


class Channel(models.TextChoices):
    TV = "tv", _("TV")
    RADIO = "radio", _("Radio")
    PRINT = "print", _("Print")
    EVENT = "event", _("Event")
    SOCIAL_MEDIA = "social_media", _("Social media")
    SMS = "sms", _("SMS")


class Language(models.TextChoices):
    """The languages a campaign speaks and a subscriber reads (the region's, as on the hotline)."""

    RUSSIAN = "ru", _("Russian")
    TAJIK = "tg", _("Tajik")
    UZBEK = "uz", _("Uzbek")
    KYRGYZ = "ky", _("Kyrgyz")
    KAZAKH = "kk", _("Kazakh")
    TURKMEN = "tk", _("Turkmen")
    ENGLISH = "en", _("English")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not stated")


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("under 18")
    AGE_18_24 = "18-24", _("18–24")
    AGE_25_34 = "25-34", _("25–34")
    AGE_35_PLUS = "35+", _("35 and over")
    UNKNOWN = "unknown", _("age not known")


class OptOutVia(models.TextChoices):
    KEYWORD = "keyword", _("Reply with a stop word")
    LINK = "link", _("One-click link")
    STAFF = "staff", _("Recorded by staff")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Imported")
    CANCELLED = "cancelled", _("Cancelled")


class Backend(models.TextChoices):
    CONSOLE = "console", _("Console (prints, sends nothing)")
    FILE = "file", _("File (writes each message to a file)")
    HTTP = "http", _("HTTP gateway")
    SMPP = "smpp", _("SMPP (carrier)")


class BroadcastStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    # Claimed by a worker: handed to the gateway or about to be; never handed again.
    SENDING = "sending", _("Sending")
    SENT = "sent", pgettext_lazy("SMS message status", "Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    # The worker stopped between claiming and hearing the gateway's answer: it may have gone out, so it
    # is never sent again (at most once), and counted apart.
    UNCONFIRMED = "unconfirmed", _("Not confirmed")
    CANCELLED = "cancelled", _("Cancelled")
