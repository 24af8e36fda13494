"""/analytics/: the dashboards, routes, indicators' pages and donor reports."""

from django.urls import path

from analytics.views import stories as story_views

app_name = "analytics"
urlpatterns = [
    # Dashboards (views/dashboard.py).
    # Routes: flows, Sankey and map (views/routes.py).
    # Donor reports (views/reports.py).
    # Stories beside indicators (views/stories.py).
    path("stories/", story_views.story_list, name="story_list"),
    path("stories/<int:story_pk>/attach/", story_views.story_attach, name="story_attach"),
    path("stories/<int:story_pk>/detach/", story_views.story_detach, name="story_detach"),
]
