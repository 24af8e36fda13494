from django.urls import path

from campaigns.views import activities, campaigns

app_name = "campaigns"
urlpatterns = [
    path("", campaigns.campaign_list, name="campaign_list"),
    path("new/", campaigns.campaign_create, name="campaign_create"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", campaigns.campaign_update, name="campaign_update"),
    path("<int:pk>/materials/new/", campaigns.campaign_material_add, name="campaign_material_add"),
    path("materials/<int:pk>/download/", campaigns.material_download, name="material_download"),
    path("<int:pk>/activities/new/", activities.campaign_activity_add, name="campaign_activity_add"),
    path("activities/<int:pk>/edit/", activities.activity_update, name="activity_update"),
    path("activities/<int:pk>/airings/new/", activities.activity_airing_add, name="activity_airing_add"),
    path(
        "activities/<int:pk>/participants/",
        activities.activity_participation_set,
        name="activity_participation_set",
    ),
]
