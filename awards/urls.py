from django.urls import path

from awards.views import competitions, consultations, nominations

app_name = "awards"
urlpatterns = [
    path("", competitions.competition_list, name="competition_list"),
    path("<int:pk>/", competitions.competition_detail, name="competition_detail"),
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
]
