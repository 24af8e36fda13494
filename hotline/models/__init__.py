"""The hotline models (one module per concept, re-exported here)."""

from hotline.models.choices import CallerType, Channel, FlagKind, HeardVia, Language, Outcome, Topic
from hotline.models.contact import Contact, ContactQuerySet
from hotline.models.flag import CallerFlag
from hotline.models.knowledge import Answer, AnswerTopic, AnswerVersion
from hotline.models.line import Line
from hotline.models.telephony import OperatorExtension, TelephonyAccount

__all__ = [
    "Answer",
    "AnswerTopic",
    "AnswerVersion",
    "CallerFlag",
    "CallerType",
    "Channel",
    "Contact",
    "ContactQuerySet",
    "FlagKind",
    "HeardVia",
    "Language",
    "Line",
    "OperatorExtension",
    "Outcome",
    "TelephonyAccount",
    "Topic",
]
