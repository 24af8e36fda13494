from django.urls import path

from awards.views import competitions

app_name = "awards"
urlpatterns = [
    path("", competitions.competition_list, name="competition_list"),
    path("<int:pk>/", competitions.competition_detail, name="competition_detail"),
]
