"""The case pages, split by concept; ``cases/urls.py`` names them all."""

from cases.views.assistance import case_reintegration, case_services, followup_due_list, followup_update
from cases.views.cases import (
    case_assign,
    case_close,
    case_detail,
    case_experience,
    case_history,
    case_personal,
    case_reopen,
    case_screening,
    case_stage,
)
from cases.views.consent import case_consent
from cases.views.intake import (
    case_create,
    case_intake_continue,
    case_intake_register,
    case_intake_review,
    case_intake_step,
    intake_match_ask,
    intake_match_check,
)
from cases.views.records import (
    attachment_download,
    case_attachments,
    case_notes,
    case_story,
    story_review,
)
from cases.views.referrals import (
    approval_decide,
    approval_list,
    case_referrals,
    case_transfer,
    duplicate_check_list,
    referral_accept,
    referral_decline,
    referral_inbox,
    referral_withdraw,
)
from cases.views.search import case_list, case_name_hide, case_search

__all__ = [
    "approval_decide",
    "approval_list",
    "attachment_download",
    "case_assign",
    "case_attachments",
    "case_close",
    "case_consent",
    "case_create",
    "case_detail",
    "case_experience",
    "case_history",
    "case_intake_continue",
    "case_intake_register",
    "case_intake_review",
    "case_intake_step",
    "case_list",
    "case_name_hide",
    "case_notes",
    "case_personal",
    "case_referrals",
    "case_reintegration",
    "case_reopen",
    "case_screening",
    "case_search",
    "case_services",
    "case_stage",
    "case_story",
    "case_transfer",
    "duplicate_check_list",
    "followup_due_list",
    "followup_update",
    "intake_match_ask",
    "intake_match_check",
    "referral_accept",
    "referral_decline",
    "referral_inbox",
    "referral_withdraw",
    "story_review",
]
