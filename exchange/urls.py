"""/exchange/: HTCDS imports and exports, the CTDC release, private tables, the global reference data."""

from django.urls import path

from exchange.views import exports, index

app_name = "exchange"
urlpatterns = [
    path("", index.index, name="index"),
    path("htcds/export/", exports.htcds_export, name="htcds_export"),
    path("exports/<int:pk>/download/", exports.exportfile_download, name="exportfile_download"),
]
