from django.urls import path

from awards.views import certificates, competitions, programme

app_name = "awards"
urlpatterns = [
    path("", competitions.competition_list, name="competition_list"),
    path("<int:pk>/", competitions.competition_detail, name="competition_detail"),
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
