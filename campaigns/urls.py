from django.urls import path

from campaigns.views import reach

app_name = "campaigns"
urlpatterns = [
    # Reach and effect (the figures a donor report or an award entry cites).
    path("<int:pk>/reach/", reach.campaign_reach, name="campaign_reach"),
    path("<int:pk>/reach/csv/", reach.campaign_reach_csv, name="campaign_reach_csv"),
]
