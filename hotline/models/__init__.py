"""The hotline models (one module per concept, re-exported here)."""

from hotline.models.choices import CallerType, Channel, FlagKind, HeardVia, Language, Outcome, Topic
from hotline.models.contact import Contact, ContactQuerySet
from hotline.models.flag import CallerFlag
from hotline.models.line import Line

__all__ = [
    "CallerFlag",
    "CallerType",
    "Channel",
    "Contact",
    "ContactQuerySet",
    "FlagKind",
    "HeardVia",
    "Language",
    "Line",
    "Outcome",
    "Topic",
]
