"""/analytics/: the dashboards, routes, indicators' pages and donor reports."""

from django.urls import path

from analytics.views import dashboard

app_name = "analytics"
urlpatterns = [
    # Dashboards (views/dashboard.py).
    path("", dashboard.dashboard, name="dashboard"),
    path("indicators/<slug:key>/", dashboard.indicator_detail, name="indicator_detail"),
    path("indicators/<slug:key>/csv/", dashboard.indicator_csv, name="indicator_csv"),
    # Routes: flows, Sankey and map (views/routes.py).
    # Donor reports (views/reports.py).
    # Stories beside indicators (views/stories.py).
]
