from django.urls import path

from awards.views import (
    certificates,
    competitions,
    consultations,
    entries,
    judging,
    nominations,
    programme,
    results,
    scoring,
)

app_name = "awards"
urlpatterns = [
    path("", competitions.competition_list, name="competition_list"),
    path("<int:pk>/", competitions.competition_detail, name="competition_detail"),
    # Judging: the committee, conflicts of interest, assignments and the chair's progress board.
    path("<int:pk>/committee/", judging.competition_committee, name="competition_committee"),
    path(
        "<int:pk>/committee/add/",
        judging.competition_committeemember_add,
        name="competition_committeemember_add",
    ),
    path("committee/<int:pk>/remove/", judging.committeemember_remove, name="committeemember_remove"),
    path(
        "<int:pk>/conflicts/new/", judging.competition_conflict_declare, name="competition_conflict_declare"
    ),
    path(
        "<int:pk>/assignments/generate/",
        judging.competition_assignments_generate,
        name="competition_assignments_generate",
    ),
    path("entries/<int:pk>/assignments/new/", judging.entry_assignment_add, name="entry_assignment_add"),
    path("assignments/<int:pk>/remove/", judging.assignment_remove, name="assignment_remove"),
    path("<int:pk>/progress/", judging.competition_progress, name="competition_progress"),
    path("assignments/", judging.assignment_list, name="assignment_list"),
    # Scoring, results, lock and publish, the public winners pages (scoring).
    path("assignments/<int:pk>/score/", scoring.assignment_score, name="assignment_score"),
    path("<int:pk>/results/", results.competition_results, name="competition_results"),
    path("<int:pk>/results/lock/", results.competition_lock, name="competition_lock"),
    path("<int:pk>/results/unlock/", results.competition_unlock, name="competition_unlock"),
    path(
        "<int:pk>/results/publish/", results.competition_publish_results, name="competition_publish_results"
    ),
    path("winners/", results.winners_index, name="winners_index"),
    path("<int:pk>/winners/", results.competition_winners, name="competition_winners"),
    # Competitions, nominations, national consultations and nominees (part "competitions").
    path("new/", competitions.competition_create, name="competition_create"),
    path("<int:pk>/edit/", competitions.competition_update, name="competition_update"),
    path("<int:pk>/publish/", competitions.competition_publish, name="competition_publish"),
    path(
        "<int:pk>/nominations/new/",
        competitions.competition_nomination_add,
        name="competition_nomination_add",
    ),
    path("nominations/<int:pk>/edit/", nominations.nomination_update, name="nomination_update"),
    path(
        "<int:pk>/consultations/new/",
        consultations.competition_consultation_add,
        name="competition_consultation_add",
    ),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/edit/", consultations.consultation_update, name="consultation_update"),
    path(
        "consultations/<int:pk>/nominees/new/",
        consultations.consultation_nominee_add,
        name="consultation_nominee_add",
    ),
    path("nominees/<int:pk>/withdraw/", consultations.nominee_withdraw, name="nominee_withdraw"),
    # Entries (part "entries"): written by the nominee's managers, figures frozen at the deadline.
    path("entries/", entries.entry_list, name="entry_list"),
    path("nominees/<int:pk>/entry/", entries.nominee_entry_create, name="nominee_entry_create"),
    path("entries/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/edit/", entries.entry_update, name="entry_update"),
    path("entries/<int:pk>/submit/", entries.entry_submit, name="entry_submit"),
    path("entries/<int:pk>/figures/", entries.entry_figures_refresh, name="entry_figures_refresh"),
    path("entries/<int:pk>/files/add/", entries.entry_entryfile_add, name="entry_entryfile_add"),
    path("entry-files/<int:pk>/", entries.entryfile_download, name="entryfile_download"),
    path("entry-files/<int:pk>/remove/", entries.entryfile_remove, name="entryfile_remove"),
    # The forum's programme and the certificates (issue 11, items 7 and 8).
    path("<int:pk>/programme/", programme.competition_programme, name="competition_programme"),
    path(
        "<int:pk>/programme/generate/",
        programme.competition_programme_generate,
        name="competition_programme_generate",
    ),
    path(
        "<int:pk>/programme/publish/",
        programme.competition_programme_publish,
        name="competition_programme_publish",
    ),
    path("<int:pk>/programme/slots/new/", programme.competition_slot_add, name="competition_slot_add"),
    path("slots/<int:pk>/edit/", programme.slot_update, name="slot_update"),
    path("slots/<int:pk>/remove/", programme.slot_remove, name="slot_remove"),
    path("entries/<int:pk>/certificate/", certificates.entry_certificate, name="entry_certificate"),
]
