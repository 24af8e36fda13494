"""/exchange/: HTCDS imports and exports, the CTDC release, private tables, the global reference data."""

from django.urls import path

from exchange.views import ctdc, exports, imports, index, private
from exchange.views.hxl import indicator_hxl_csv
from exchange.views.reference import reference_compare, reference_compare_csv, reference_import

app_name = "exchange"
urlpatterns = [
    path("", index.index, name="index"),
    path("htcds/export/", exports.htcds_export, name="htcds_export"),
    path("exports/<int:pk>/download/", exports.exportfile_download, name="exportfile_download"),
    path("ctdc/", ctdc.ctdc_release_page, name="ctdc_release"),
    path("ctdc/download/", ctdc.ctdc_release_download, name="ctdc_release_download"),
    path("htcds/import/", imports.import_cases, name="import_cases"),
    path("htcds/import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("htcds/import/<int:pk>/status/", imports.import_status, name="import_status"),
    path("htcds/import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    # The global CTDC data beside the network's (views/reference.py).
    path("reference/", reference_compare, name="reference_compare"),
    path("reference/csv/", reference_compare_csv, name="reference_compare_csv"),
    path("reference/import/", reference_import, name="reference_import"),
    # HXL-tagged aggregates of an indicator (views/hxl.py).
    path("hxl/<slug:key>/", indicator_hxl_csv, name="indicator_hxl"),
    path("private/", private.private_release_list, name="private_release_list"),
    path("private/new/", private.private_release_create, name="private_release_create"),
    path("private/<int:pk>/", private.private_release_detail, name="private_release_detail"),
    path("private/<int:pk>/publish/", private.private_release_publish, name="private_release_publish"),
    path("private/<int:pk>/csv/", private.private_release_csv, name="private_release_csv"),
    path("statistics/", private.public_statistics, name="public_statistics"),
]
