"""/exchange/: HTCDS imports and exports, the CTDC release, private tables, the global reference data."""

from django.urls import path

from exchange.views import ctdc, exports, index

app_name = "exchange"
urlpatterns = [
    path("", index.index, name="index"),
    path("htcds/export/", exports.htcds_export, name="htcds_export"),
    path("exports/<int:pk>/download/", exports.exportfile_download, name="exportfile_download"),
    path("ctdc/", ctdc.ctdc_release_page, name="ctdc_release"),
    path("ctdc/download/", ctdc.ctdc_release_download, name="ctdc_release_download"),
]
