"""The awards models (one module per concept, re-exported here)."""

from awards.models import choices
from awards.models.competition import Competition, Criterion, Nomination, Slot
from awards.models.entries import Consultation, Entry, EntryFile, Nominee
from awards.models.judging import (
    Assignment,
    CommitteeMember,
    ConflictDeclaration,
    Result,
    Score,
    ScoreSheet,
)

__all__ = [
    "Assignment",
    "CommitteeMember",
    "Competition",
    "ConflictDeclaration",
    "Consultation",
    "Criterion",
    "Entry",
    "EntryFile",
    "Nomination",
    "Nominee",
    "Result",
    "Score",
    "ScoreSheet",
    "Slot",
    "choices",
]
