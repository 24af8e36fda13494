from django.urls import path

from awards.views import competitions, judging

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
]
