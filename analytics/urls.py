"""/analytics/: the dashboards, routes, indicators' pages and donor reports."""

from django.urls import path

from analytics.views import dashboard, reports, routes as routes_views, stories as story_views

app_name = "analytics"
urlpatterns = [
    # Dashboards (views/dashboard.py).
    path("", dashboard.dashboard, name="dashboard"),
    path("indicators/<slug:key>/", dashboard.indicator_detail, name="indicator_detail"),
    path("indicators/<slug:key>/csv/", dashboard.indicator_csv, name="indicator_csv"),
    # Routes: flows, Sankey and map (views/routes.py).
    path("routes/", routes_views.routes, name="routes"),
    path("routes/csv/", routes_views.routes_csv, name="routes_csv"),
    # Donor reports (views/reports.py).
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", reports.report_status, name="report_status"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
    path("reports/programmes/<int:pk>/settings/", reports.report_settings, name="report_settings"),
    # Stories beside indicators (views/stories.py).
    path("stories/", story_views.story_list, name="story_list"),
    path("stories/<int:story_pk>/attach/", story_views.story_attach, name="story_attach"),
    path("stories/<int:story_pk>/detach/", story_views.story_detach, name="story_detach"),
]
