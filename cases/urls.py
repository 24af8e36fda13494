from django.urls import path

from cases import views
from cases.models import choices

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("search/", views.case_search, name="case_search"),
    path("new/", views.case_create, name="case_create"),
    path("new/match-check/", views.intake_match_check, name="intake_match_check"),
    path("new/match-ask/", views.intake_match_ask, name="intake_match_ask"),
    path("<int:pk>/intake/", views.case_intake_continue, name="case_intake_continue"),
    *(
        path(f"<int:pk>/intake/{step}/", views.case_intake_step, {"step": step}, name=f"case_intake_{step}")
        for step in choices.INTAKE_STEPS
    ),
    path("<int:pk>/intake/review/", views.case_intake_review, name="case_intake_review"),
    path("<int:pk>/intake/register/", views.case_intake_register, name="case_intake_register"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/personal/", views.case_personal, name="case_personal"),
    path("<int:pk>/personal/name-hidden/", views.case_name_hide, name="case_name_hide"),
    path("<int:pk>/screening/", views.case_screening, name="case_screening"),
    path("<int:pk>/experience/", views.case_experience, name="case_experience"),
    path("<int:pk>/consent/", views.case_consent, name="case_consent"),
    path("<int:pk>/services/", views.case_services, name="case_services"),
    path("<int:pk>/referrals/", views.case_referrals, name="case_referrals"),
    path("<int:pk>/reintegration/", views.case_reintegration, name="case_reintegration"),
    path("<int:pk>/followups/<int:followup_pk>/", views.followup_update, name="followup_update"),
    path("<int:pk>/followups/new/", views.followup_add, name="followup_add"),
    path("goals/<int:pk>/achieve/", views.goal_achieve, name="goal_achieve"),
    path("goals/<int:pk>/drop/", views.goal_drop, name="goal_drop"),
    path("<int:pk>/notes/", views.case_notes, name="case_notes"),
    path("<int:pk>/attachments/", views.case_attachments, name="case_attachments"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/download/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<int:pk>/story/", views.case_story, name="case_story"),
    path("<int:pk>/story/<int:story_pk>/review/", views.story_review, name="story_review"),
    path("<int:pk>/referrals/<int:referral_pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path("<int:pk>/referrals/external/", views.referral_external, name="referral_external"),
    path("<int:pk>/referred-by/", views.case_referrer_external, name="case_referrer_external"),
    path("<int:pk>/history/", views.case_history, name="case_history"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<int:pk>/stage/", views.case_stage, name="case_stage"),
    path("<int:pk>/transfer/", views.case_transfer, name="case_transfer"),
    path("followups/", views.followup_due_list, name="followup_due_list"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/<int:pk>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/complete/", views.referral_complete, name="referral_complete"),
    path("approvals/", views.approval_list, name="approval_list"),
    path("duplicate-checks/", views.duplicate_check_list, name="duplicate_check_list"),
    path("approvals/<int:pk>/", views.approval_decide, name="approval_decide"),
]
