from django.urls import path

from awards.views import competitions, results, scoring

app_name = "awards"
urlpatterns = [
    path("", competitions.competition_list, name="competition_list"),
    path("<int:pk>/", competitions.competition_detail, name="competition_detail"),
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
