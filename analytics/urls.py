"""/analytics/: the dashboards, routes, indicators' pages and donor reports."""

from django.urls import path

from analytics.views import routes as routes_views

app_name = "analytics"
urlpatterns = [
    # Dashboards (views/dashboard.py).
    # Routes: flows, Sankey and map (views/routes.py).
    path("routes/", routes_views.routes, name="routes"),
    path("routes/csv/", routes_views.routes_csv, name="routes_csv"),
    # Donor reports (views/reports.py).
    # Stories beside indicators (views/stories.py).
]
