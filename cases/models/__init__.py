"""The case record, split by concept; import models from here (``from cases.models import Case``)."""

from cases.models import choices
from cases.models.access import CaseAccess
from cases.models.assistance import (
    Assessment,
    AssistanceService,
    FollowUp,
    ReintegrationGoal,
    ReintegrationPlan,
)
from cases.models.case import Case, CaseCounter, Screening, TraffickingEvent, TraffickingExperience, Victim
from cases.models.consent import Consent
from cases.models.legal import CriminalProceeding, Perpetrator
from cases.models.records import Attachment, Note, Story
from cases.models.referral import ApprovalRequest, Referral
from cases.models.search import VictimSearchToken

__all__ = [
    "ApprovalRequest",
    "Assessment",
    "AssistanceService",
    "Attachment",
    "Case",
    "CaseAccess",
    "CaseCounter",
    "Consent",
    "CriminalProceeding",
    "FollowUp",
    "Note",
    "Perpetrator",
    "Referral",
    "ReintegrationGoal",
    "ReintegrationPlan",
    "Screening",
    "Story",
    "TraffickingEvent",
    "TraffickingExperience",
    "Victim",
    "VictimSearchToken",
    "choices",
]
