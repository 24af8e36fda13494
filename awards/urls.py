from django.urls import path

from awards.views import competitions, judging, results, scoring

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
]
