"""/exchange/: HTCDS imports and exports, the CTDC release, private tables, the global reference data."""

from django.urls import path

from exchange.views import imports, index

app_name = "exchange"
urlpatterns = [
    path("", index.index, name="index"),
    path("htcds/import/", imports.import_cases, name="import_cases"),
    path("htcds/import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("htcds/import/<int:pk>/status/", imports.import_status, name="import_status"),
    path("htcds/import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
]
