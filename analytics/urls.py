"""/analytics/: the dashboards, routes, indicators' pages and donor reports."""

from django.urls import path  # noqa: F401

app_name = "analytics"
urlpatterns = [
    # Dashboards (views/dashboard.py).
    # Routes: flows, Sankey and map (views/routes.py).
    # Donor reports (views/reports.py).
    # Stories beside indicators (views/stories.py).
]
